package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.Channel;
import dev.herald.api.recipient.SubscriptionCancelledEvent;
import dev.herald.api.recipient.SubscriptionRenewedEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;

/**
 * Many replacements of one recipient's opt-outs at once, over HTTP: the Recipient aggregate takes them one at a time,
 * so the event history is a sequence of whole replacements (it passes through every answer's opt-outs, in the order
 * they were applied, each event changing something) and ends in the last one's opt-outs, which the read model then
 * shows.
 */
class ConcurrentOptOutsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECIPIENT = "olive";
    private static final int REPLACEMENTS = 24;
    private static final String[] SHARED_CATEGORIES = {"*", "billing", "news", "security"};

    @TempDir
    static Path dataDir;
    static RunningHerald herald;
    static String token;

    @BeforeAll
    static void start() {
        herald = RunningHerald.start(dataDir);
        herald.api().putRecipient(RECIPIENT);
        token = herald.api().token(RECIPIENT);
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    @Test
    void concurrentReplacementsEndInTheLastOnesOptOutsWithAHistoryOfWholeReplacements() throws Exception {
        Random random = new Random(7);
        List<List<Map<String, Object>>> requests = new ArrayList<>();
        for (int i = 0; i < REPLACEMENTS; i++) {
            requests.add(randomOptOuts(random, i));
        }
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (List<Map<String, Object>> optOuts : requests) {
            calls.add(client.sendAsync(put(optOuts), HttpResponse.BodyHandlers.ofString()));
        }
        List<Map<String, Set<Channel>>> answers = new ArrayList<>();
        for (int i = 0; i < REPLACEMENTS; i++) {
            HttpResponse<String> response = calls.get(i).get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            Map<String, Set<Channel>> answer = optOuts(JSON.readTree(response.body()).get("optOuts"));
            assertThat(answer).as("replacement %d answers with what it asked for", i)
                    .isEqualTo(canonical(requests.get(i)));
            answers.add(answer);
        }

        List<Map<String, Set<Channel>>> states = history();
        List<Integer> reachedAt = new ArrayList<>();
        for (Map<String, Set<Channel>> answer : answers) {
            int index = states.indexOf(answer);
            assertThat(index).as("the history passes through %s", answer).isNotNegative();
            reachedAt.add(index);
        }
        assertThat(reachedAt).as("each replacement's opt-outs are reached once, at its own place").doesNotHaveDuplicates();
        Map<String, Set<Channel>> last = answers.get(reachedAt.indexOf(reachedAt.stream().max(Integer::compare)
                .orElseThrow()));
        assertThat(states.get(states.size() - 1)).isEqualTo(last);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(optOuts(JSON.readTree(
                client.send(get(), HttpResponse.BodyHandlers.ofString()).body()).get("optOuts"))).isEqualTo(last));

        int events = states.size();
        HttpResponse<String> again = client.send(put(toRequest(last)), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(history()).as("the same replacement again records nothing").hasSize(events);
    }

    /**
     * The recipient's opt-outs after each of its subscription events, from the event store, checking on the way that
     * the sequence has no gap and that every event changes something.
     */
    private static List<Map<String, Set<Channel>>> history() {
        List<Map<String, Set<Channel>>> states = new ArrayList<>();
        Map<String, Set<Channel>> state = new TreeMap<>();
        long expectedSequence = 0;
        var stream = herald.bean(EventStore.class).readEvents(RECIPIENT);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            assertThat(event.getSequenceNumber()).isEqualTo(expectedSequence++);
            Map<String, Set<Channel>> before = copy(state);
            if (event.getPayload() instanceof SubscriptionCancelledEvent cancelled) {
                state.computeIfAbsent(cancelled.category(), key -> EnumSet.noneOf(Channel.class))
                        .addAll(cancelled.channels());
            } else if (event.getPayload() instanceof SubscriptionRenewedEvent renewed) {
                if ("*".equals(renewed.category())) {
                    state.values().forEach(channels -> channels.removeAll(renewed.channels()));
                } else if (state.containsKey(renewed.category())) {
                    state.get(renewed.category()).removeAll(renewed.channels());
                }
                state.values().removeIf(Set::isEmpty);
            } else {
                continue;
            }
            assertThat(state).as("event %d changes something", event.getSequenceNumber()).isNotEqualTo(before);
            states.add(copy(state));
        }
        return states;
    }

    /**
     * A category only this replacement names (so that each one's opt-outs differ: its channel is never opted out of
     * every category) and some shared ones.
     */
    private static List<Map<String, Object>> randomOptOuts(Random random, int index) {
        List<Map<String, Object>> optOuts = new ArrayList<>();
        optOuts.add(Map.of("category", "own-" + index, "channels", List.of(Channel.IN_APP.name())));
        for (String category : SHARED_CATEGORIES) {
            if (random.nextBoolean()) {
                List<String> channels = new ArrayList<>();
                for (Channel channel : Channel.values()) {
                    boolean ownChannel = channel == Channel.IN_APP && "*".equals(category);
                    if (!ownChannel && random.nextInt(3) == 0) {
                        channels.add(channel.name());
                    }
                }
                if (channels.isEmpty() && "*".equals(category)) {
                    channels.add(Channel.EMAIL.name());   // none would mean every channel, IN_APP too
                }
                optOuts.add(Map.of("category", category, "channels", channels));
            }
        }
        return optOuts;
    }

    /** What Herald records for a request: no channel kept in a category where {@code *} already holds it. */
    private static Map<String, Set<Channel>> canonical(List<Map<String, Object>> request) {
        Map<String, Set<Channel>> optOuts = new TreeMap<>();
        for (Map<String, Object> entry : request) {
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) entry.get("channels");
            Set<Channel> channels = EnumSet.noneOf(Channel.class);
            names.forEach(name -> channels.add(Channel.valueOf(name)));
            optOuts.computeIfAbsent((String) entry.get("category"), key -> EnumSet.noneOf(Channel.class))
                    .addAll(channels.isEmpty() ? EnumSet.allOf(Channel.class) : channels);
        }
        Set<Channel> everywhere = optOuts.getOrDefault("*", Set.of());
        optOuts.forEach((category, channels) -> {
            if (!"*".equals(category)) {
                channels.removeAll(everywhere);
            }
        });
        optOuts.values().removeIf(Set::isEmpty);
        return optOuts;
    }

    private static List<Map<String, Object>> toRequest(Map<String, Set<Channel>> optOuts) {
        List<Map<String, Object>> request = new ArrayList<>();
        optOuts.forEach((category, channels) -> request.add(Map.of(
                "category", category, "channels", channels.stream().map(Channel::name).toList())));
        return request;
    }

    private static Map<String, Set<Channel>> optOuts(JsonNode list) {
        Map<String, Set<Channel>> optOuts = new TreeMap<>();
        list.forEach(entry -> {
            Set<Channel> channels = EnumSet.noneOf(Channel.class);
            entry.get("channels").forEach(channel -> channels.add(Channel.valueOf(channel.asText())));
            optOuts.put(entry.get("category").asText(), channels);
        });
        return optOuts;
    }

    private static Map<String, Set<Channel>> copy(Map<String, Set<Channel>> state) {
        Map<String, Set<Channel>> copy = new TreeMap<>();
        state.forEach((category, channels) -> copy.put(category, EnumSet.copyOf(channels)));
        return copy;
    }

    private static HttpRequest put(List<Map<String, Object>> optOuts) throws Exception {
        return HttpRequest.newBuilder(URI.create(herald.baseUrl() + "/api/v1/me/subscriptions"))
                .header(HttpHeaders.AUTHORIZATION, Api.bearer(token))
                .header(HttpHeaders.CONTENT_TYPE, "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("optOuts", optOuts))))
                .build();
    }

    private static HttpRequest get() {
        return HttpRequest.newBuilder(URI.create(herald.baseUrl() + "/api/v1/me/subscriptions"))
                .header(HttpHeaders.AUTHORIZATION, Api.bearer(token)).GET().build();
    }
}
