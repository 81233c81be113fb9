package dev.herald.querystack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;

/**
 * The recipient's SSE stream over real HTTP: what a browser's EventSource sees, including a reconnect with
 * {@code Last-Event-ID} after missing notifications.
 */
class InboxStreamTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static QueryStack stack;

    @BeforeAll
    static void start() {
        stack = new QueryStack("stream-test", "herald.sse.heartbeat=300ms");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aClientSeesEachNewNotificationPromptlyAndAfterAReconnectExactlyWhatItMissed() throws Exception {
        Client first = Client.connect("alice", null);
        ServerSentEvent<String> connected = first.next();
        assertThat(connected.event()).isEqualTo("connected");
        assertThat(json(connected).get("recipientId").asText()).isEqualTo("alice");
        assertThat(connected.id()).isEqualTo("0");
        assertThat(json(first.nextOf("unread-count")).get("unread").asLong()).isZero();

        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String id = "a" + i;
            stack.commandSide().sent(Sends.inApp(id, "alice", "billing"));
            ServerSentEvent<String> notification = first.nextOf("notification");
            assertThat(notification.id()).isEqualTo(Integer.toString(i));
            JsonNode item = json(notification);
            assertThat(item.get("id").asText()).isEqualTo(id);
            assertThat(item.get("title").asText()).isEqualTo("Title " + id);
            assertThat(item.get("category").asText()).isEqualTo("billing");
            assertThat(item.get("read").asBoolean()).isFalse();
            assertThat(item.get("data").get("ref").asText()).isEqualTo(id);
            assertThat(item.get("position").asLong()).isEqualTo(i);
            assertThat(item.get("createdAt").asText()).endsWith("Z");
            ids.add(notification.id());
        }
        assertThat(json(first.lastOf("unread-count", Duration.ofSeconds(1))).get("unread").asLong()).isEqualTo(3);
        assertThat(first.nextOf("heartbeat").data()).isEqualTo("{}");
        first.close();

        for (int i = 4; i <= 13; i++) {
            stack.commandSide().sent(Sends.inApp("a" + i, "alice", i % 2 == 0 ? "billing" : "security"));
        }
        stack.awaitProjections();

        Client again = Client.connect("alice", ids.get(ids.size() - 1));
        assertThat(again.next().event()).isEqualTo("connected");
        stack.commandSide().sent(Sends.inApp("a14", "alice", "billing"));
        List<String> positions = new ArrayList<>();
        List<String> notificationIds = new ArrayList<>();
        for (ServerSentEvent<String> event : again.collectFor(Duration.ofSeconds(2))) {
            if ("notification".equals(event.event())) {
                positions.add(event.id());
                notificationIds.add(json(event).get("id").asText());
            }
        }
        assertThat(notificationIds).containsExactly("a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "a12", "a13",
                                                    "a14");
        assertThat(positions).containsExactly("4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14");
        again.close();
    }

    @Test
    void everyTabOfARecipientGetsTheNotificationAndNobodyElseDoes() throws Exception {
        Client tab1 = Client.connect("bob", null);
        Client tab2 = Client.connect("bob", null);
        Client stranger = Client.connect("carol", null);
        tab1.nextOf("connected");
        tab2.nextOf("connected");
        stranger.nextOf("connected");

        stack.commandSide().sent(Sends.inApp("b1", "bob", "billing"));

        assertThat(json(tab1.nextOf("notification")).get("id").asText()).isEqualTo("b1");
        assertThat(json(tab2.nextOf("notification")).get("id").asText()).isEqualTo("b1");
        assertThat(stranger.collectFor(Duration.ofMillis(800)))
                .noneMatch(event -> "notification".equals(event.event()));
        tab1.close();
        tab2.close();
        stranger.close();
    }

    @Test
    void aReconnectBeforeAnyNotificationResumesFromTheConnectedEventsId() throws Exception {
        stack.commandSide().sent(Sends.inApp("d1", "dave", "billing"));
        stack.awaitProjections();
        Client first = Client.connect("dave", null);
        String start = first.nextOf("connected").id();
        assertThat(start).isEqualTo("1");
        first.close();
        stack.commandSide().sent(Sends.inApp("d2", "dave", "billing"));

        Client again = Client.connect("dave", start);

        assertThat(json(again.nextOf("notification")).get("id").asText()).isEqualTo("d2");
        again.close();
    }

    @Test
    void aLastEventIdThisStreamDidNotSendIsABadRequest() {
        stack.http().get().uri("/api/v1/me/stream").header(TestCaller.CALLER, "alice")
                .header("Last-Event-ID", "nope").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isBadRequest();
        stack.http().get().uri("/api/v1/me/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private static JsonNode json(ServerSentEvent<String> event) throws Exception {
        return JSON.readTree(event.data());
    }

    /** One EventSource: the events it received, in order. */
    private static final class Client {

        private final BlockingQueue<ServerSentEvent<String>> events = new LinkedBlockingQueue<>();
        private final List<ServerSentEvent<String>> taken = new ArrayList<>();
        private final Disposable connection;

        private Client(String recipientId, String lastEventId) {
            connection = stack.webClient().get().uri("/api/v1/me/stream")
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .headers(headers -> {
                        headers.set(TestCaller.CALLER, recipientId);
                        if (lastEventId != null) {
                            headers.set("Last-Event-ID", lastEventId);
                        }
                    })
                    .retrieve()
                    .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                    })
                    .subscribe(events::add, closed -> { });
        }

        static Client connect(String recipientId, String lastEventId) {
            return new Client(recipientId, lastEventId);
        }

        ServerSentEvent<String> next() throws InterruptedException {
            ServerSentEvent<String> event = take(PROMPTLY.toNanos());
            assertThat(event).as("an event within " + PROMPTLY).isNotNull();
            return event;
        }

        private ServerSentEvent<String> take(long nanos) throws InterruptedException {
            ServerSentEvent<String> event = events.poll(nanos, TimeUnit.NANOSECONDS);
            if (event != null) {
                taken.add(event);
            }
            return event;
        }

        ServerSentEvent<String> nextOf(String type) throws InterruptedException {
            long deadline = System.nanoTime() + PROMPTLY.toNanos();
            while (System.nanoTime() < deadline) {
                ServerSentEvent<String> event = take(deadline - System.nanoTime());
                if (event != null && type.equals(event.event())) {
                    return event;
                }
            }
            throw new AssertionError("no " + type + " event within " + PROMPTLY);
        }

        /** The last event of the type taken so far or arriving within the time given. */
        ServerSentEvent<String> lastOf(String type, Duration within) throws InterruptedException {
            collectFor(within);
            ServerSentEvent<String> last = null;
            for (ServerSentEvent<String> event : taken) {
                if (type.equals(event.event())) {
                    last = event;
                }
            }
            assertThat(last).as("a " + type + " event").isNotNull();
            return last;
        }

        List<ServerSentEvent<String>> collectFor(Duration duration) throws InterruptedException {
            List<ServerSentEvent<String>> collected = new ArrayList<>();
            long deadline = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < deadline) {
                ServerSentEvent<String> event = take(deadline - System.nanoTime());
                if (event != null) {
                    collected.add(event);
                }
            }
            return collected;
        }

        void close() {
            connection.dispose();
        }
    }
}
