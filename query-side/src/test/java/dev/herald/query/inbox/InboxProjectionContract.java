package dev.herald.query.inbox;

import static dev.herald.query.TestEvents.archived;
import static dev.herald.query.TestEvents.at;
import static dev.herald.query.TestEvents.cancelled;
import static dev.herald.query.TestEvents.fromTemplate;
import static dev.herald.query.TestEvents.inCategory;
import static dev.herald.query.TestEvents.read;
import static dev.herald.query.TestEvents.released;
import static dev.herald.query.TestEvents.scheduled;
import static dev.herald.query.TestEvents.sent;
import static dev.herald.query.TestEvents.unread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.inbox.CategoryCount;
import dev.herald.api.inbox.FindInboxItemQuery;
import dev.herald.api.inbox.FindInboxItemsSinceQuery;
import dev.herald.api.inbox.FindInboxQuery;
import dev.herald.api.inbox.FindUnreadCountQuery;
import dev.herald.api.inbox.FindUnreadNotificationIdsQuery;
import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.InboxItemsSince;
import dev.herald.api.inbox.InboxPage;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.api.inbox.WatchInboxQuery;
import dev.herald.api.inbox.WatchUnreadCountQuery;
import dev.herald.api.notification.NotificationArchivedEvent;
import dev.herald.api.notification.NotificationCancelledEvent;
import dev.herald.api.notification.NotificationReadEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.NotificationUnreadEvent;
import dev.herald.api.template.TemplateRef;
import dev.herald.query.InBatches;
import dev.herald.query.TestEvents;
import dev.herald.query.live.QueryEmitterInboxUpdates;
import dev.herald.query.projection.ProjectionVersions;
import dev.herald.query.storage.ReadModelContract;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the inbox projection does, whichever storage adapter keeps it: every adapter's test extends this class.
 */
abstract class InboxProjectionContract extends ReadModelContract {

    private static final List<String> TABLES =
            List.of(InboxProjection.ITEMS, InboxProjection.COUNTS, InboxProjection.PENDING);

    private SimpleQueryUpdateEmitter emitter;
    private ProjectionVersions versions;
    private InboxProjection projection;

    @BeforeEach
    void emptyDatabase() {
        emitter = SimpleQueryUpdateEmitter.builder().build();
        versions = storage.versions();
        projection = new InboxProjection(storage.inboxStore(), storage.versions(),
                                         new QueryEmitterInboxUpdates(emitter));
    }

    @Test
    void immediateInAppNotificationsAppearNewestFirst() {
        apply(sent("n1", "r1"), at(1));
        apply(sent("n2", "r1"), at(2));
        apply(sent("other", "r2"), at(3));

        InboxPage page = page("r1", 20, null);

        assertThat(page.items()).extracting(InboxItem::id).containsExactly("n2", "n1");
        assertThat(page.nextCursor()).isNull();
        InboxItem newest = page.items().get(0);
        assertThat(newest).isEqualTo(new InboxItem("n2", "billing", Priority.NORMAL, "Title n2", "Body n2",
                                                   Map.of("ref", "n2"), false, false,
                                                   at(2).truncatedTo(ChronoUnit.MILLIS), 2));
    }

    @Test
    void anItemShowsTheTemplateItWasRenderedFromWhetherSentAtOnceOrReleasedLater() {
        TemplateRef welcome = new TemplateRef("welcome", 2, "de");
        apply(fromTemplate(sent("n1", "r1"), welcome), at(1));
        apply(fromTemplate(scheduled("s1", "r1", at(3600)), new TemplateRef("reminder", 1, "en")), at(2));
        apply(sent("plain", "r1"), at(3));
        apply(released("s1", "r1"), at(3600));

        assertThat(page("r1", 20, null).items())
                .extracting(InboxItem::id, InboxItem::template)
                .containsExactly(tuple("s1", new TemplateRef("reminder", 1, "en")), tuple("plain", null),
                                 tuple("n1", welcome));
        assertThat(projection.handle(new FindInboxItemQuery("r1", "n1"))).map(InboxItem::template).contains(welcome);
    }

    @Test
    void pagesWalkTheWholeInboxNewestFirstAndTheLastPageHasNoCursor() {
        List<String> sentOrder = sendMany("r1", 130);

        for (int limit : new int[] {1, 7, 20, 30, 50, 65, 100}) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                InboxPage page = page("r1", limit, cursor);
                assertThat(page.items()).hasSizeLessThanOrEqualTo(limit).isNotEmpty();
                page.items().forEach(item -> seen.add(item.id()));
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null);

            assertThat(seen).as("limit " + limit).containsExactlyElementsOf(reversed(sentOrder));
            assertThat(pages).as("limit " + limit).isEqualTo((130 + limit - 1) / limit);
        }
    }

    @Test
    void aPageEndingAtAnyItemPointsToTheOneBeforeIt() {
        List<String> sentOrder = sendMany("r1", 80);

        InboxPage first = page("r1", 30, null);
        InboxPage second = page("r1", 30, first.nextCursor());

        assertThat(first.items()).extracting(InboxItem::id)
                .containsExactlyElementsOf(reversed(sentOrder.subList(50, 80)));
        assertThat(second.items()).extracting(InboxItem::id)
                .containsExactlyElementsOf(reversed(sentOrder.subList(20, 50)));
    }

    @Test
    void archivedItemsAreLeftOutOfTheVisibleListing() {
        List<String> sentOrder = sendMany("r1", 120);
        sentOrder.subList(50, 100).forEach(id -> apply(archived(id, "r1"), at(500)));
        apply(archived(sentOrder.get(0), "r1"), at(501));

        InboxPage first = page("r1", 40, null);
        InboxPage second = page("r1", 40, first.nextCursor());

        List<String> expected = new ArrayList<>(reversed(sentOrder.subList(100, 120)));
        expected.addAll(reversed(sentOrder.subList(1, 50)));
        List<String> seen = new ArrayList<>();
        first.items().forEach(item -> seen.add(item.id()));
        second.items().forEach(item -> seen.add(item.id()));
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(second.nextCursor()).as("only archived entries remain").isNull();
        assertThat(count("r1")).isEqualTo(new UnreadCount(69, 69));
    }

    @Test
    void aCursorKeepsItsPlaceWhenItemsAreArchivedBetweenPages() {
        List<String> sentOrder = sendMany("r1", 30);
        InboxPage first = page("r1", 10, null);

        apply(archived(sentOrder.get(29), "r1"), at(100));
        apply(archived(sentOrder.get(19), "r1"), at(101));
        InboxPage second = page("r1", 10, first.nextCursor());

        assertThat(second.items()).extracting(InboxItem::id)
                .containsExactlyElementsOf(reversed(sentOrder.subList(9, 19)));
    }

    @Test
    void countsFollowReadUnreadAndArchive() {
        apply(sent("n1", "r1"), at(1));
        apply(sent("n2", "r1"), at(2));
        apply(sent("n3", "r1"), at(3));
        assertThat(count("r1")).isEqualTo(new UnreadCount(3, 3));

        apply(read("n1", "r1"), at(4));
        apply(read("n2", "r1"), at(5));
        assertThat(count("r1")).isEqualTo(new UnreadCount(1, 3));

        apply(unread("n2", "r1"), at(6));
        assertThat(count("r1")).isEqualTo(new UnreadCount(2, 3));

        apply(archived("n2", "r1"), at(7));
        assertThat(count("r1")).isEqualTo(new UnreadCount(1, 2));

        apply(archived("n1", "r1"), at(8));
        assertThat(count("r1")).isEqualTo(new UnreadCount(1, 1));

        apply(read("n1", "r1"), at(9));
        assertThat(count("r1")).as("reading an archived item changes no count").isEqualTo(new UnreadCount(1, 1));
        assertThat(page("r1", 20, null).items()).extracting(InboxItem::id, InboxItem::read)
                .containsExactly(tuple("n3", false));
        assertThat(count("nobody")).isEqualTo(new UnreadCount(0, 0));
    }

    @Test
    void aScheduledNotificationAppearsWhenReleasedAtItsReleaseTime() {
        apply(scheduled("s1", "r1", at(3600)), at(1));
        apply(sent("n1", "r1"), at(2));
        assertThat(page("r1", 20, null).items()).extracting(InboxItem::id).containsExactly("n1");
        assertThat(count("r1")).isEqualTo(new UnreadCount(1, 1));

        apply(released("s1", "r1"), at(3600));

        InboxPage page = page("r1", 20, null);
        assertThat(page.items()).extracting(InboxItem::id).containsExactly("s1", "n1");
        assertThat(page.items().get(0).createdAt()).isEqualTo(at(3600).truncatedTo(ChronoUnit.MILLIS));
        assertThat(page.items().get(0).title()).isEqualTo("Title s1");
        assertThat(count("r1")).isEqualTo(new UnreadCount(2, 2));
        assertThat(storage.count(InboxProjection.PENDING)).isZero();
    }

    @Test
    void aCancelledScheduledNotificationNeverAppears() {
        apply(scheduled("s1", "r1", at(3600)), at(1));
        assertThat(storage.count(InboxProjection.PENDING)).isEqualTo(1);

        apply(cancelled("s1", "r1"), at(2));
        assertThat(storage.count(InboxProjection.PENDING)).isZero();
        apply(released("s1", "r1"), at(3600));

        assertThat(page("r1", 20, null).items()).isEmpty();
        assertThat(count("r1")).isEqualTo(new UnreadCount(0, 0));
    }

    @Test
    void whatTheRecipientDidBeforeTheReleaseIsKept() {
        apply(scheduled("s1", "r1", at(3600)), at(1));
        apply(scheduled("s2", "r1", at(3600)), at(2));
        apply(read("s1", "r1"), at(3));
        apply(archived("s2", "r1"), at(4));

        apply(released("s1", "r1"), at(3600));
        apply(released("s2", "r1"), at(3601));

        assertThat(page("r1", 20, null).items()).extracting(InboxItem::id, InboxItem::read)
                .containsExactly(tuple("s1", true));
        assertThat(count("r1")).isEqualTo(new UnreadCount(0, 1));
    }

    @Test
    void aLateRepeatOfTheSentEventUndoesNothing() {
        apply(scheduled("s1", "r1", at(3600)), at(1));
        apply(scheduled("s2", "r1", at(3600)), at(2));
        apply(read("s2", "r1"), at(3));
        apply(released("s1", "r1"), at(3600));
        Map<String, List<String>> before = storage.dump(TABLES);

        apply(scheduled("s1", "r1", at(3600)), at(1));
        apply(scheduled("s2", "r1", at(3600)), at(2));

        assertThat(storage.dump(TABLES)).isEqualTo(before);
        assertThat(storage.count(InboxProjection.PENDING)).as("s2 only").isEqualTo(1);
    }

    @Test
    void notificationsWithoutInAppOrWithInAppSkippedStayOut() {
        apply(sent("email-only", "r1", Set.of(Channel.EMAIL, Channel.SMS), Map.of(), null), at(1));
        apply(sent("opted-out", "r1", Set.of(Channel.IN_APP, Channel.EMAIL),
                   Map.of(Channel.IN_APP, SkipReason.OPTED_OUT), null), at(2));
        apply(sent("scheduled-opted-out", "r1", Set.of(Channel.IN_APP),
                   Map.of(Channel.IN_APP, SkipReason.OPTED_OUT), at(3600)), at(3));
        apply(released("scheduled-opted-out", "r1"), at(3600));
        apply(read("email-only", "r1"), at(3601));

        assertThat(storage.dump(TABLES).values()).allSatisfy(documents -> assertThat(documents).isEmpty());
        assertThat(page("r1", 20, null).items()).isEmpty();
        assertThat(count("r1")).isEqualTo(new UnreadCount(0, 0));
    }

    @Test
    void senderDataKeepsKeysThatMongoDbFieldNamesCannotHave() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order.id", 42);
        data.put("$ref", "x");
        data.put("lines", List.of(Map.of("sku.code", "A-1", "qty", 2)));
        apply(TestEvents.withData(sent("n1", "r1"), data), at(1));

        assertThat(page("r1", 1, null).items().get(0).data()).isEqualTo(data);
    }

    @Test
    void invalidLimitsAndCursorsAreRejectedAsBadArguments() {
        apply(sent("n1", "r1"), at(1));

        assertThatThrownBy(() -> page("r1", 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> page("r1", 101, null)).isInstanceOf(IllegalArgumentException.class);
        for (String cursor : new String[] {"", "!!!", "bm9wZQ", "LTEuMA", new InboxCursor(0).encode() + "!"}) {
            assertThatThrownBy(() -> page("r1", 20, cursor)).as(cursor)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(InboxCursor.decode(new InboxCursor(1234).encode())).isEqualTo(new InboxCursor(1234));
        assertThat(new InboxCursor(123456789049L).encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void everyEventAppliedTwiceChangesNothing() {
        List<Timed> scenario = scenario();
        for (Timed step : scenario) {
            step.applyTo(projection);
            Map<String, List<String>> once = storage.dump(TABLES);

            step.applyTo(projection);

            assertThat(storage.dump(TABLES)).as("twice: " + step).isEqualTo(once);
        }
        assertFinalCounts();
    }

    @Test
    void aResetBuildsANewVersionWhileTheOldOneAnswersAndTheRebuildIsIdentical() {
        List<Timed> scenario = scenario();
        scenario.forEach(step -> step.applyTo(projection));
        Map<String, List<String>> first = storage.dump(TABLES);
        InboxPage page = page("r1", 100, null);

        projection.reset();
        List<String> rebuilt = versioned(2);
        assertThat(storage.dump(rebuilt).values()).allSatisfy(documents -> assertThat(documents).isEmpty());
        assertThat(page("r1", 100, null)).as("the old version still answers").isEqualTo(page);
        assertFinalCounts();

        scenario.forEach(step -> step.applyTo(projection));
        assertThat(List.copyOf(storage.dump(rebuilt).values())).isEqualTo(List.copyOf(first.values()));
        assertThat(storage.dump(TABLES)).as("the old version is left alone").isEqualTo(first);

        assertThat(versions.switchOver(InboxProjection.PROCESSING_GROUP)).isTrue();
        assertThat(page("r1", 100, null)).isEqualTo(page);
        assertFinalCounts();
        versions.dropRetired(InboxProjection.PROCESSING_GROUP, Duration.ZERO);
        assertThat(storage.dump(TABLES).values()).allSatisfy(documents -> assertThat(documents).isEmpty());
    }

    @Test
    void aResetDuringARebuildStartsTheSameVersionOverFromEmpty() {
        scenario().forEach(step -> step.applyTo(projection));
        projection.reset();
        apply(sent("x1", "r9"), at(1));
        assertThat(storage.count(InboxProjection.ITEMS + "_v2")).isEqualTo(1);

        projection.reset();

        assertThat(versions.find(InboxProjection.PROCESSING_GROUP).building()).isEqualTo(2);
        assertThat(storage.count(InboxProjection.ITEMS + "_v2")).isZero();
    }

    @Test
    void axonFindsTheHandlersAndPassesTheEventTimestamp() throws Exception {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projection);
        Instant at = at(42);

        adapter.handle(new GenericEventMessage<>("event-1", sent("n1", "r1"), MetaData.emptyInstance(), at));

        InboxItem item = page("r1", 20, null).items().get(0);
        assertThat(item.createdAt()).isEqualTo(at.truncatedTo(ChronoUnit.MILLIS));
        adapter.prepareReset(null);
        assertThat(versions.find(InboxProjection.PROCESSING_GROUP).building()).isEqualTo(2);
        assertThat(count("r1").total()).as("still served from the old version").isEqualTo(1);
    }

    @Test
    void countsArePerCategoryTooAndLeaveOutCategoriesWithNothingVisible() {
        apply(inCategory(sent("b1", "r1"), "billing"), at(1));
        apply(inCategory(sent("b2", "r1"), "billing"), at(2));
        apply(inCategory(sent("s1", "r1"), "security"), at(3));
        apply(inCategory(sent("m1", "r1"), "marketing.news"), at(4));
        apply(read("b1", "r1"), at(5));
        apply(archived("m1", "r1"), at(6));

        assertThat(counts("r1")).isEqualTo(new UnreadCount(2, 3, Map.of(
                "billing", new CategoryCount(1, 2), "security", new CategoryCount(1, 1))));
    }

    @Test
    void everyFilterCombinationPagesThroughExactlyTheMatchingItems() {
        String[] categories = {"billing", "security", "news"};
        List<InboxEntry> expected = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 140; i++) {
            String id = "n" + i;
            String category = categories[random.nextInt(categories.length)];
            apply(inCategory(sent(id, "r1"), category), at(i));
            boolean read = random.nextInt(3) == 0;
            boolean archived = random.nextInt(4) == 0;
            if (read) {
                apply(read(id, "r1"), at(i));
            }
            if (archived) {
                apply(archived(id, "r1"), at(i));
            }
            expected.add(new InboxEntry(id, "r1", i + 1, category, null, null, null, null, read, archived, null));
        }
        Collections.reverse(expected);

        for (boolean unreadOnly : new boolean[] {false, true}) {
            for (String category : new String[] {null, "billing", "news", "unknown"}) {
                for (boolean archived : new boolean[] {false, true}) {
                    InboxFilter filter = new InboxFilter(unreadOnly, category, archived);
                    List<String> wanted = expected.stream().filter(filter::matches)
                            .map(InboxEntry::notificationId).toList();
                    for (int limit : new int[] {7, 50}) {
                        List<String> seen = new ArrayList<>();
                        String cursor = null;
                        do {
                            InboxPage page = projection.handle(new FindInboxQuery("r1", limit, cursor, unreadOnly,
                                                                                  category, archived));
                            if (cursor != null) {
                                assertThat(page.items()).as("a cursor leads to a match").isNotEmpty();
                            }
                            page.items().forEach(item -> seen.add(item.id()));
                            cursor = page.nextCursor();
                        } while (cursor != null);
                        assertThat(seen).as("%s, limit %d", filter, limit).containsExactlyElementsOf(wanted);
                    }
                }
            }
        }
    }

    @Test
    void positionsCountArrivalsAndItemsSinceAPositionComeInThatOrder() {
        List<String> sentOrder = sendMany("r1", 120);
        apply(archived(sentOrder.get(60), "r1"), at(500));
        apply(sent("other", "r2"), at(501));

        InboxItemsSince all = projection.handle(new FindInboxItemsSinceQuery("r1", 0, 100));
        assertThat(all.newestPosition()).isEqualTo(120);
        assertThat(all.items()).extracting(InboxItem::id).containsExactlyElementsOf(sentOrder.subList(0, 100));
        assertThat(all.items()).extracting(InboxItem::position)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());

        InboxItemsSince rest = projection.handle(new FindInboxItemsSinceQuery("r1", 49, 100));
        assertThat(rest.items()).extracting(InboxItem::id).containsExactlyElementsOf(sentOrder.subList(49, 120));
        assertThat(rest.items().get(11).archived()).as("archived items are part of the history").isTrue();
        assertThat(projection.handle(new FindInboxItemsSinceQuery("r1", 120, 10)).items()).isEmpty();
        assertThat(projection.handle(new FindInboxItemsSinceQuery("nobody", 0, 10)))
                .isEqualTo(new InboxItemsSince(List.of(), 0));
        assertThat(projection.handle(new WatchInboxQuery("r1", null, 10)))
                .isEqualTo(new InboxItemsSince(List.of(), 120));
        assertThat(page("r1", 1, null).items().get(0).position()).isEqualTo(120);
        assertThatThrownBy(() -> projection.handle(new FindInboxItemsSinceQuery("r1", -1, 10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneNotificationIsFoundOnlyInItsRecipientsInbox() {
        apply(sent("n1", "r1"), at(1));
        apply(archived("n1", "r1"), at(2));
        apply(scheduled("s1", "r1", at(3600)), at(3));

        assertThat(projection.handle(new FindInboxItemQuery("r1", "n1")))
                .hasValueSatisfying(item -> assertThat(item.archived()).isTrue());
        assertThat(projection.handle(new FindInboxItemQuery("r2", "n1"))).isEmpty();
        assertThat(projection.handle(new FindInboxItemQuery("r1", "s1"))).as("not released yet").isEmpty();
        assertThat(projection.handle(new FindInboxItemQuery("r1", "nope"))).isEmpty();
    }

    @Test
    void theUnreadIdsAreTheVisibleUnreadOnesNewestFirst() {
        apply(inCategory(sent("b1", "r1"), "billing"), at(1));
        apply(inCategory(sent("s1", "r1"), "security"), at(2));
        apply(inCategory(sent("b2", "r1"), "billing"), at(3));
        apply(inCategory(sent("b3", "r1"), "billing"), at(4));
        apply(read("b2", "r1"), at(5));
        apply(archived("b3", "r1"), at(6));

        assertThat(projection.handle(new FindUnreadNotificationIdsQuery("r1", null)).notificationIds())
                .containsExactly("s1", "b1");
        assertThat(projection.handle(new FindUnreadNotificationIdsQuery("r1", "billing")).notificationIds())
                .containsExactly("b1");
        assertThat(projection.handle(new FindUnreadNotificationIdsQuery("nobody", null)).notificationIds()).isEmpty();
    }

    @Test
    void liveEventsEmitTheItemAndTheCountsButReplayedOnesDoNot() {
        SimpleQueryBus bus = SimpleQueryBus.builder().queryUpdateEmitter(emitter).build();
        new AnnotationQueryHandlerAdapter<>(projection).subscribe(bus);
        DefaultQueryGateway gateway = DefaultQueryGateway.builder().queryBus(bus).build();
        List<InboxItem> items = Collections.synchronizedList(new ArrayList<>());
        List<UnreadCount> counts = Collections.synchronizedList(new ArrayList<>());
        gateway.subscriptionQuery(new WatchInboxQuery("r1", null, 10), InboxItemsSince.class, InboxItem.class)
                .updates().subscribe(items::add);
        gateway.subscriptionQuery(new WatchUnreadCountQuery("r1"), UnreadCount.class, UnreadCount.class)
                .updates().subscribe(counts::add);

        new Timed(sent("old", "r1"), at(1)).applyTo(projection, ReplayStatus.REPLAY);
        new Timed(read("old", "r1"), at(2)).applyTo(projection, ReplayStatus.REPLAY);
        assertThat(items).isEmpty();
        assertThat(counts).isEmpty();

        apply(sent("n1", "r1"), at(3));
        apply(scheduled("s1", "r1", at(3600)), at(4));
        apply(sent("theirs", "r2"), at(5));
        apply(released("s1", "r1"), at(3600));
        apply(read("n1", "r1"), at(3601));

        assertThat(items).extracting(InboxItem::id, InboxItem::position).containsExactly(tuple("n1", 2L),
                                                                                         tuple("s1", 3L));
        assertThat(counts).extracting(UnreadCount::unread, UnreadCount::total)
                .containsExactly(tuple(1L, 2L), tuple(2L, 3L), tuple(1L, 3L));
    }

    @Test
    void aRepeatedReleaseChangesNothing() {
        apply(scheduled("s1", "r1", at(3600)), at(1));
        apply(released("s1", "r1"), at(3600));
        Map<String, List<String>> once = storage.dump(TABLES);

        apply(released("s1", "r1"), at(3600));

        assertThat(storage.dump(TABLES)).isEqualTo(once);
    }

    @Test
    void batchesOfAnySizeWriteAndEmitWhatOneEventAtATimeDoes() {
        List<Timed> scenario = scenario();
        Live single = live();
        scenario.forEach(step -> step.applyTo(single.projection()));
        Map<String, List<String>> expected = storage.dump(TABLES);
        assertThat(single.items()).isNotEmpty();

        List<EventMessage<?>> messages = scenario.stream()
                .<EventMessage<?>>map(step -> InBatches.message(step.event(), step.at()))
                .toList();
        for (int batchSize : new int[] {2, 7, 25, scenario.size()}) {
            storage.clear();
            Live batched = live();

            InBatches.apply(batched.projection(), messages, batchSize);

            assertThat(storage.dump(TABLES)).as("batches of " + batchSize).isEqualTo(expected);
            assertThat(batched.items()).as("batches of " + batchSize).isEqualTo(single.items());
            assertThat(batched.counts()).as("batches of " + batchSize).isEqualTo(single.counts());
            assertThat(batched.itemsFoundWhenEmitted()).as("emitted after the write").containsOnly(true);
        }
    }

    /** A projection with its own emitter, and what it emitted for r1. */
    private Live live() {
        SimpleQueryUpdateEmitter liveEmitter = SimpleQueryUpdateEmitter.builder().build();
        InboxProjection live = new InboxProjection(storage.inboxStore(), storage.versions(),
                                                   new QueryEmitterInboxUpdates(liveEmitter));
        SimpleQueryBus bus = SimpleQueryBus.builder().queryUpdateEmitter(liveEmitter).build();
        new AnnotationQueryHandlerAdapter<>(live).subscribe(bus);
        DefaultQueryGateway gateway = DefaultQueryGateway.builder().queryBus(bus).build();
        Live recorded = new Live(live, Collections.synchronizedList(new ArrayList<>()),
                                 Collections.synchronizedList(new ArrayList<>()),
                                 Collections.synchronizedList(new ArrayList<>()));
        gateway.subscriptionQuery(new WatchInboxQuery("r1", null, 10), InboxItemsSince.class, InboxItem.class)
                .updates().subscribe(item -> {
                    recorded.items().add(item);
                    recorded.itemsFoundWhenEmitted().add(
                            live.handle(new FindInboxItemQuery("r1", item.id())).isPresent());
                });
        gateway.subscriptionQuery(new WatchUnreadCountQuery("r1"), UnreadCount.class, UnreadCount.class)
                .updates().subscribe(recorded.counts()::add);
        return recorded;
    }

    private record Live(InboxProjection projection, List<InboxItem> items,
                        List<UnreadCount> counts, List<Boolean> itemsFoundWhenEmitted) {
    }

    /**
     * Every kind of event, two recipients, a bucket boundary, a scheduled notification released and one
     * cancelled, events for notifications that are not in any inbox, and repeats.
     */
    private List<Timed> scenario() {
        List<Timed> steps = new ArrayList<>();
        for (int i = 1; i <= 48; i++) {
            steps.add(new Timed(sent("n" + i, "r1"), at(i)));
        }
        steps.add(new Timed(scheduled("s1", "r1", at(3600)), at(100)));
        steps.add(new Timed(sent("email-only", "r1", Set.of(Channel.EMAIL), Map.of(), null), at(101)));
        steps.add(new Timed(sent("opted-out", "r1", Set.of(Channel.IN_APP),
                                 Map.of(Channel.IN_APP, SkipReason.OPTED_OUT), null), at(102)));
        steps.add(new Timed(sent("n49", "r1"), at(103)));
        steps.add(new Timed(sent("n50", "r1"), at(104)));
        steps.add(new Timed(sent("n51", "r1"), at(105)));
        steps.add(new Timed(read("n3", "r1"), at(106)));
        steps.add(new Timed(read("n51", "r1"), at(107)));
        steps.add(new Timed(unread("n3", "r1"), at(108)));
        steps.add(new Timed(archived("n2", "r1"), at(109)));
        steps.add(new Timed(read("n2", "r1"), at(110)));
        steps.add(new Timed(scheduled("s2", "r1", at(7200)), at(111)));
        steps.add(new Timed(read("s2", "r1"), at(112)));
        steps.add(new Timed(cancelled("s2", "r1"), at(113)));
        steps.add(new Timed(scheduled("s3", "r2", at(3600)), at(114)));
        steps.add(new Timed(sent("m1", "r2"), at(115)));
        steps.add(new Timed(archived("m1", "r2"), at(116)));
        steps.add(new Timed(released("s1", "r1"), at(3600)));
        steps.add(new Timed(released("s3", "r2"), at(3600)));
        steps.add(new Timed(read("email-only", "r1"), at(3601)));
        steps.add(new Timed(released("unknown", "r1"), at(3602)));
        steps.add(new Timed(cancelled("unknown", "r1"), at(3603)));
        steps.add(new Timed(read("n51", "r1"), at(3604)));
        steps.add(new Timed(inCategory(sent("c1", "r3"), "security"), at(3605)));
        steps.add(new Timed(inCategory(sent("c2", "r3"), "news.weekly"), at(3606)));
        steps.add(new Timed(read("c1", "r3"), at(3607)));
        steps.add(new Timed(archived("c2", "r3"), at(3608)));
        steps.add(new Timed(unread("c1", "r3"), at(3609)));
        return steps;
    }

    /** The counts the scenario must end with, whatever happened on the way. */
    private void assertFinalCounts() {
        // r1: n1..n51 and s1 = 52 items, n2 archived -> 51 visible, n51 read -> 50 unread
        assertThat(count("r1")).isEqualTo(new UnreadCount(50, 51));
        assertThat(count("r2")).isEqualTo(new UnreadCount(1, 1));
        assertThat(counts("r3")).isEqualTo(new UnreadCount(1, 1, Map.of("security", new CategoryCount(1, 1))));
    }

    private List<String> sendMany(String recipientId, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = recipientId + "-n" + i;
            apply(sent(id, recipientId), at(i));
            ids.add(id);
        }
        return ids;
    }

    private InboxPage page(String recipientId, int limit, String cursor) {
        return projection.handle(new FindInboxQuery(recipientId, limit, cursor));
    }

    /** Without the per-category counts, which {@link #counts} has. */
    private UnreadCount count(String recipientId) {
        UnreadCount counts = counts(recipientId);
        return new UnreadCount(counts.unread(), counts.total());
    }

    private UnreadCount counts(String recipientId) {
        return projection.handle(new FindUnreadCountQuery(recipientId));
    }

    private void apply(Object event, Instant at) {
        new Timed(event, at).applyTo(projection);
    }

    private static List<String> versioned(int version) {
        return TABLES.stream().map(base -> ProjectionVersions.collection(base, version)).toList();
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        Collections.reverse(copy);
        return copy;
    }

    /** One event with its time, dispatched to the handler method for its type. */
    private record Timed(Object event, Instant at) {

        void applyTo(InboxProjection projection) {
            applyTo(projection, ReplayStatus.REGULAR);
        }

        void applyTo(InboxProjection projection, ReplayStatus replay) {
            if (event instanceof NotificationSentEvent sent) {
                projection.on(sent, at, replay);
            } else if (event instanceof NotificationReleasedEvent released) {
                projection.on(released, at, replay);
            } else if (event instanceof NotificationCancelledEvent cancelled) {
                projection.on(cancelled);
            } else if (event instanceof NotificationReadEvent read) {
                projection.on(read, replay);
            } else if (event instanceof NotificationUnreadEvent unread) {
                projection.on(unread, replay);
            } else if (event instanceof NotificationArchivedEvent archived) {
                projection.on(archived, replay);
            } else {
                throw new IllegalArgumentException("no inbox handler for " + event);
            }
        }

        @Override
        public String toString() {
            return event.getClass().getSimpleName() + " " + event;
        }
    }
}
