package dev.herald.query.web;

import dev.herald.api.inbox.FindInboxItemsSinceQuery;
import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.InboxItemsSince;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.api.inbox.WatchInboxQuery;
import dev.herald.api.inbox.WatchUnreadCountQuery;
import dev.herald.query.QuerySideProperties;
import dev.herald.query.inbox.InboxProjection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The recipient's live stream (Server-Sent Events): {@code connected} once, then {@code notification} for each new
 * inbox item (its {@code id} is the item's position), {@code unread-count} whenever the counts change and
 * {@code heartbeat} while nothing else happens.
 *
 * <p>Each connection opens Axon subscription queries first and only then reads the read model, so that nothing
 * placed in between is missed; updates reach it from whichever node runs the inbox projection. A client that
 * comes back with {@code Last-Event-ID} first gets every item after that position from the read model, oldest
 * first, then the live ones; positions it has already been sent are dropped, and a gap in the live updates is
 * filled from the read model. The {@code connected} event carries the position the stream starts after as its
 * id, so that a reconnect before any notification still resumes from there. A client that opens a new
 * connection itself (EventSource cannot set headers) gives the position as {@code ?lastEventId=}; the header wins
 * when both are sent, because a browser's own reconnect sends the newer position in it on the old URL.
 *
 * <p>{@value #OPEN_STREAMS} counts the streams open on this node, from the request until the client goes or the
 * stream fails.
 */
@RestController
class InboxStreamController {

    static final String PATH = "/api/v1/me/stream";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final String LAST_EVENT_ID_PARAMETER = "lastEventId";
    static final String OPEN_STREAMS = "herald.sse.streams.open";
    /** Live updates a connection may fall behind by before the oldest are dropped (and later read back). */
    static final int UPDATE_BUFFER = 1024;
    private static final int PAGE = InboxProjection.MAX_LIMIT;

    private final QueryGateway queryGateway;
    private final GatewayCalls calls;
    private final Duration heartbeat;
    private final AtomicInteger open = new AtomicInteger();

    InboxStreamController(QueryGateway queryGateway, GatewayCalls calls, QuerySideProperties properties,
                          ObjectProvider<MeterRegistry> meters) {
        this.queryGateway = queryGateway;
        this.calls = calls;
        this.heartbeat = properties.sse().heartbeat();
        meters.ifAvailable(registry -> Gauge.builder(OPEN_STREAMS, open, AtomicInteger::get)
                .description("Server-Sent Event streams of recipients open on this node")
                .register(registry));
    }

    @GetMapping(path = PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> stream(@RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
                                         @RequestParam(name = LAST_EVENT_ID_PARAMETER, required = false)
                                         String lastEventIdParameter,
                                         Mono<Principal> principal) {
        Long after = lastEventId(lastEventId != null && !lastEventId.isBlank() ? lastEventId : lastEventIdParameter);
        return RecipientInboxController.recipientId(principal).flatMapMany(recipientId -> Flux.usingWhen(
                Mono.fromSupplier(() -> new Watch(
                        queryGateway.subscriptionQuery(WatchInboxQuery.class.getName(),
                                                       new WatchInboxQuery(recipientId, after, PAGE),
                                                       ResponseTypes.instanceOf(InboxItemsSince.class),
                                                       ResponseTypes.instanceOf(InboxItem.class), UPDATE_BUFFER),
                        queryGateway.subscriptionQuery(WatchUnreadCountQuery.class.getName(),
                                                       new WatchUnreadCountQuery(recipientId),
                                                       ResponseTypes.instanceOf(UnreadCount.class),
                                                       ResponseTypes.instanceOf(UnreadCount.class), UPDATE_BUFFER)))
                        .subscribeOn(Schedulers.boundedElastic()),
                watch -> events(recipientId, after, watch),
                watch -> watch.close(),
                (watch, error) -> watch.close(),
                watch -> watch.close()))
                .doOnSubscribe(subscription -> open.incrementAndGet())
                .doFinally(signal -> open.decrementAndGet());
    }

    private Flux<ServerSentEvent<Object>> events(String recipientId, Long after, Watch watch) {
        AtomicLong last = new AtomicLong();
        return calls.initial(watch.items().initialResult()).flatMapMany(first -> {
            // A position beyond the newest cannot be from this inbox as it is; stream from its newest instead.
            long start = after == null ? first.newestPosition() : Math.min(after, first.newestPosition());
            last.set(start);
            Flux<InboxItem> items = Flux.concat(
                    missed(recipientId, first, last),
                    watch.items().updates()
                            .publishOn(Schedulers.boundedElastic())
                            .concatMap(update -> live(recipientId, update, last)));
            Flux<ServerSentEvent<Object>> counts = Flux.concat(calls.initial(watch.counts().initialResult()),
                                                               watch.counts().updates())
                    .distinctUntilChanged()
                    .map(count -> ServerSentEvent.<Object>builder(count).event("unread-count").build());
            Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(heartbeat, heartbeat)
                    .map(tick -> ServerSentEvent.<Object>builder(Map.of()).event("heartbeat").build());
            ServerSentEvent<Object> connected = ServerSentEvent.<Object>builder(Map.of("recipientId", recipientId))
                    .event("connected").id(Long.toString(start)).build();
            return Flux.concat(Mono.just(connected), Flux.merge(items.map(InboxStreamController::notification),
                                                                 counts, heartbeats));
        });
    }

    /** The items of {@code page} and of the pages after it, each not yet sent, in order. */
    private Flux<InboxItem> missed(String recipientId, InboxItemsSince page, AtomicLong last) {
        return Mono.just(page)
                .expand(previous -> hasMore(previous)
                        ? calls.call(() -> queryGateway.query(new FindInboxItemsSinceQuery(
                                recipientId, lastPosition(previous), PAGE), InboxItemsSince.class))
                        : Mono.empty())
                .concatMapIterable(InboxItemsSince::items)
                .filter(item -> item.position() > last.get())
                .doOnNext(item -> last.set(item.position()));
    }

    private Flux<InboxItem> live(String recipientId, InboxItem update, AtomicLong last) {
        long seen = last.get();
        if (update.position() <= seen) {
            return Flux.empty();
        }
        Mono<InboxItem> itself = Mono.fromSupplier(() -> update)
                .filter(item -> item.position() > last.get())
                .doOnNext(item -> last.set(item.position()));
        if (update.position() == seen + 1) {
            return itself.flux();
        }
        // Some updates never came (a full buffer, or items stored between subscribing and reading): read them.
        return calls.call(() -> queryGateway.query(
                        new FindInboxItemsSinceQuery(recipientId, seen, PAGE),
                        InboxItemsSince.class))
                .flatMapMany(page -> missed(recipientId, page, last)
                        .takeUntil(item -> item.position() >= update.position()))
                .concatWith(itself);
    }

    private static boolean hasMore(InboxItemsSince page) {
        return !page.items().isEmpty() && lastPosition(page) < page.newestPosition();
    }

    private static long lastPosition(InboxItemsSince page) {
        List<InboxItem> items = page.items();
        return items.get(items.size() - 1).position();
    }

    private static ServerSentEvent<Object> notification(InboxItem item) {
        return ServerSentEvent.<Object>builder(item).event("notification").id(Long.toString(item.position())).build();
    }

    private static Long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long position = Long.parseLong(header.strip());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ServerWebInputException(LAST_EVENT_ID + " (or " + LAST_EVENT_ID_PARAMETER
                                          + "): must be an event id this stream sent");
    }

    /** The two subscriptions of one connection, closed together when the client goes. */
    private record Watch(SubscriptionQueryResult<InboxItemsSince, InboxItem> items,
                         SubscriptionQueryResult<UnreadCount, UnreadCount> counts) {

        Mono<Void> close() {
            return Mono.fromRunnable(() -> {
                items.close();
                counts.close();
            });
        }
    }
}
