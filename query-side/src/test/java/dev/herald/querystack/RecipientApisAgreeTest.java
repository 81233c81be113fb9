package dev.herald.querystack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.Channel;
import dev.herald.query.inbox.InboxEntry;
import dev.herald.query.inbox.InboxProjection;
import dev.herald.querystack.FakeCommandSide.InboxTruth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many recipients, many sends and everything a recipient can do, over REST and GraphQL at random; at the end the
 * REST API, the GraphQL API, a direct count over the inbox documents and the command side's own state agree for
 * every recipient.
 */
class RecipientApisAgreeTest {

    private static final String[] CATEGORIES = {"billing", "security", "news.weekly", "social"};
    private static final String COUNTS = "{ unreadCount { unread total categories { category unread total } } }";
    private static final String PAGE = """
            query($first: Int, $after: String, $unreadOnly: Boolean, $category: String, $archived: Boolean) {
              notifications(first: $first, after: $after, unreadOnly: $unreadOnly, category: $category,
                            archived: $archived) {
                edges { cursor node { id read archived category } }
                pageInfo { hasNextPage endCursor }
              }
            }""";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static QueryStack stack;

    @BeforeAll
    static void start() {
        stack = new QueryStack("apis-agree-test");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void restGraphQlAndADirectCountAgreeForEveryRecipient() throws Exception {
        Random random = new Random(20250301);
        List<String> recipients = new ArrayList<>();
        for (int r = 0; r < 50; r++) {
            recipients.add(String.format("r%02d", r));
        }
        Map<String, List<String>> sentTo = new HashMap<>();
        int readAlls = 0;
        for (int i = 0; i < 1000; i++) {
            String recipient = recipients.get(random.nextInt(recipients.size()));
            String id = "n" + i;
            String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            Set<Channel> channels = random.nextInt(10) == 0 ? Set.of(Channel.EMAIL) : Set.of(Channel.IN_APP);
            stack.commandSide().sent(Sends.send(id, recipient, category, channels, null));
            sentTo.computeIfAbsent(recipient, key -> new ArrayList<>()).add(id);

            List<String> own = sentTo.get(recipient);
            String target = own.get(random.nextInt(own.size()));
            switch (random.nextInt(12)) {
                case 0, 1 -> restCommand(recipient, target, "read");
                case 2, 3 -> graphQlCommand(recipient, "markRead", target);
                case 4 -> restCommand(recipient, target, "archive");
                case 5 -> graphQlCommand(recipient, "archive", target);
                case 6 -> restCommand(recipient, target, "unread");
                case 7 -> graphQlCommand(recipient, "markUnread", target);
                default -> {
                }
            }
            if (i % 40 == 39) {
                String who = recipients.get(random.nextInt(recipients.size()));
                String only = random.nextBoolean() ? null : CATEGORIES[random.nextInt(CATEGORIES.length)];
                readAll(who, only, readAlls++ % 2 == 0);
            }
        }

        stack.awaitProjections();
        String whoReadsAll = recipients.get(3);
        long unreadBefore = unread(stack.commandSide().inbox(whoReadsAll), "billing");
        assertThat(readAll(whoReadsAll, "billing", true)).as("read-all marks what the read model shows")
                .isEqualTo(unreadBefore);
        stack.awaitProjections();

        Map<String, Counts> direct = directCounts();
        for (String recipient : recipients) {
            List<InboxTruth> truth = stack.commandSide().inbox(recipient);
            Counts expected = Counts.of(truth);

            assertThat(restCounts(recipient)).as("REST counts of " + recipient).isEqualTo(expected);
            assertThat(graphQlCounts(recipient)).as("GraphQL counts of " + recipient).isEqualTo(expected);
            assertThat(direct.getOrDefault(recipient, Counts.NONE)).as("direct count of " + recipient)
                    .isEqualTo(expected);

            assertListings(recipient, truth, false, null, false);
            assertListings(recipient, truth, true, null, false);
            assertListings(recipient, truth, false, null, true);
            assertListings(recipient, truth, true, CATEGORIES[recipient.hashCode() % CATEGORIES.length], false);
            for (InboxTruth item : truth) {
                assertThat(inAppStatus(item.id())).as("IN_APP of " + item.id()).isEqualTo("DELIVERED");
            }
        }
        assertThat(direct.keySet()).isSubsetOf(recipients);
    }

    private void assertListings(String recipient, List<InboxTruth> truth, boolean unreadOnly, String category,
                                boolean archived) throws Exception {
        Predicate<InboxTruth> wanted = item -> item.archived() == archived && (!unreadOnly || !item.read())
                && (category == null || category.equals(item.category()));
        List<String> expected = truth.stream().filter(wanted).map(InboxTruth::id).toList();
        String filters = recipient + " unreadOnly=" + unreadOnly + " category=" + category + " archived=" + archived;
        assertThat(restListing(recipient, unreadOnly, category, archived)).as("REST " + filters)
                .containsExactlyElementsOf(expected);
        assertThat(graphQlListing(recipient, unreadOnly, category, archived)).as("GraphQL " + filters)
                .containsExactlyElementsOf(expected);
    }

    private List<String> restListing(String recipient, boolean unreadOnly, String category, boolean archived)
            throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            String after = cursor;
            byte[] body = stack.http().get().uri(builder -> {
                        builder.path("/api/v1/me/notifications").queryParam("limit", 7)
                                .queryParam("unread", unreadOnly).queryParam("archived", archived);
                        if (category != null) {
                            builder.queryParam("category", category);
                        }
                        if (after != null) {
                            builder.queryParam("cursor", after);
                        }
                        return builder.build();
                    })
                    .header(TestCaller.CALLER, recipient).exchange()
                    .expectStatus().isOk().expectBody().returnResult().getResponseBody();
            JsonNode page = JSON.readTree(body);
            page.get("items").forEach(item -> ids.add(item.get("id").asText()));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return ids;
    }

    private List<String> graphQlListing(String recipient, boolean unreadOnly, String category, boolean archived) {
        List<String> ids = new ArrayList<>();
        String after = null;
        boolean more;
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("first", 9);
            variables.put("after", after);
            variables.put("unreadOnly", unreadOnly);
            variables.put("category", category);
            variables.put("archived", archived);
            JsonNode response = stack.graphQl(recipient, PAGE, variables);
            assertThat(response.has("errors")).as(response.toString()).isFalse();
            JsonNode connection = response.get("data").get("notifications");
            connection.get("edges").forEach(edge -> ids.add(edge.get("node").get("id").asText()));
            more = connection.get("pageInfo").get("hasNextPage").asBoolean();
            after = connection.get("pageInfo").get("endCursor").asText(null);
        } while (more);
        return ids;
    }

    private Counts restCounts(String recipient) throws Exception {
        byte[] body = stack.http().get().uri("/api/v1/me/unread-count").header(TestCaller.CALLER, recipient)
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        JsonNode counts = JSON.readTree(body);
        Map<String, List<Long>> categories = new TreeMap<>();
        counts.get("categories").fields().forEachRemaining(entry -> categories.put(
                entry.getKey(), List.of(entry.getValue().get("unread").asLong(),
                                        entry.getValue().get("total").asLong())));
        return new Counts(counts.get("unread").asLong(), counts.get("total").asLong(), categories);
    }

    private Counts graphQlCounts(String recipient) {
        JsonNode counts = stack.graphQl(recipient, COUNTS, Map.of()).get("data").get("unreadCount");
        Map<String, List<Long>> categories = new TreeMap<>();
        counts.get("categories").forEach(category -> categories.put(
                category.get("category").asText(), List.of(category.get("unread").asLong(),
                                                           category.get("total").asLong())));
        return new Counts(counts.get("unread").asLong(), counts.get("total").asLong(), categories);
    }

    /** Straight from the stored items, without the counters or any query handler. */
    private static Map<String, Counts> directCounts() {
        String items = stack.servingCollections(InboxProjection.DEFINITION).get(0);
        Map<String, List<InboxTruth>> perRecipient = new HashMap<>();
        for (InboxEntry entry : stack.storage().inboxEntries(items)) {
            perRecipient.computeIfAbsent(entry.recipientId(), key -> new ArrayList<>())
                    .add(new InboxTruth(entry.notificationId(), entry.category(), entry.read(), entry.archived(), 0));
        }
        Map<String, Counts> counts = new HashMap<>();
        perRecipient.forEach((recipient, entries) -> counts.put(recipient, Counts.of(entries)));
        return counts;
    }

    /** IN_APP's status as the sender reads it: the inbox holds the item, so it is delivered. */
    private static String inAppStatus(String notificationId) throws Exception {
        byte[] body = stack.http().get().uri("/api/v1/notifications/{id}", notificationId)
                .header(TestCaller.CALLER, "sender-1").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        for (JsonNode channel : JSON.readTree(body).get("channels")) {
            if (channel.get("channel").asText().equals("IN_APP")) {
                return channel.get("status").asText();
            }
        }
        return "none";
    }

    private static long unread(List<InboxTruth> truth, String category) {
        return truth.stream().filter(item -> !item.read() && !item.archived() && category.equals(item.category()))
                .count();
    }

    private static void restCommand(String recipient, String notificationId, String action) {
        stack.http().post().uri("/api/v1/me/notifications/{id}/" + action, notificationId)
                .header(TestCaller.CALLER, recipient).exchange()
                .expectStatus().isNoContent();
    }

    private static void graphQlCommand(String recipient, String mutation, String notificationId) {
        JsonNode response = stack.graphQl(recipient, "mutation($id: ID!) { " + mutation + "(id: $id) }",
                                          Map.of("id", notificationId));
        assertThat(response.get("data").get(mutation).asBoolean()).as(response.toString()).isTrue();
    }

    private static long readAll(String recipient, String category, boolean overRest) throws Exception {
        if (overRest) {
            byte[] body = stack.http().post()
                    .uri(builder -> category == null ? builder.path("/api/v1/me/notifications/read-all").build()
                            : builder.path("/api/v1/me/notifications/read-all").queryParam("category", category)
                                    .build())
                    .header(TestCaller.CALLER, recipient).exchange()
                    .expectStatus().isOk().expectBody().returnResult().getResponseBody();
            return JSON.readTree(body).get("marked").asLong();
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("category", category);
        JsonNode response = stack.graphQl(
                recipient, "mutation($category: String) { markAllRead(category: $category) }", variables);
        assertThat(response.has("errors")).as(response.toString()).isFalse();
        return response.get("data").get("markAllRead").asLong();
    }

    /** Unread and total, in all and per category ({@code [unread, total]}), as the counters show them. */
    private record Counts(long unread, long total, Map<String, List<Long>> categories) {

        static final Counts NONE = new Counts(0, 0, Map.of());

        static Counts of(List<InboxTruth> items) {
            long unread = 0;
            long total = 0;
            Map<String, List<Long>> categories = new TreeMap<>();
            for (InboxTruth item : items) {
                if (item.archived()) {
                    continue;
                }
                long unreadOne = item.read() ? 0 : 1;
                unread += unreadOne;
                total++;
                categories.merge(item.category(), List.of(unreadOne, 1L),
                                 (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
            }
            return new Counts(unread, total, categories);
        }
    }
}
