package dev.herald.query.inbox;

import static dev.herald.query.TestEvents.archived;
import static dev.herald.query.TestEvents.at;
import static dev.herald.query.TestEvents.inCategory;
import static dev.herald.query.TestEvents.read;
import static dev.herald.query.TestEvents.released;
import static dev.herald.query.TestEvents.scheduled;
import static dev.herald.query.TestEvents.sent;
import static dev.herald.query.TestEvents.unread;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.herald.api.inbox.CategoryCount;
import dev.herald.api.inbox.FindUnreadCountQuery;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.query.InBatches;
import dev.herald.query.MongoTestSupport;
import dev.herald.query.live.QueryEmitterInboxUpdates;
import dev.herald.query.projection.MongoVersionStore;
import dev.herald.query.projection.ProjectionVersions;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MongoDB adapter's argument against counting twice, tested: a batch that dies after any number of its writes
 * and is then applied again (what a processor does when it crashed before storing its token) ends with the same
 * items and the same counters as the batch applied once.
 */
class MongoInboxCrashTest {

    private static final List<String> ITEMS = List.of(InboxProjection.ITEMS);
    private static final List<String> COLLECTIONS =
            List.of(InboxProjection.ITEMS, InboxProjection.COUNTS, InboxProjection.PENDING);
    private static final List<String> RECIPIENTS = List.of("r1", "r2");

    private static MongoTestSupport mongo;

    @BeforeAll
    static void startMongo() {
        mongo = new MongoTestSupport("inbox-crash-test");
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @Test
    void aBatchRepeatedAfterACrashAtAnyWriteCountsEveryChangeOnce() {
        List<List<EventMessage<?>>> batches = List.of(
                List.of(message(sent("n1", "r1"), 1), message(sent("n2", "r1"), 2),
                        message(inCategory(sent("n3", "r1"), "security"), 3), message(sent("m1", "r2"), 4),
                        message(scheduled("s1", "r1", at(3600)), 5)),
                List.of(message(read("n1", "r1"), 6), message(read("n2", "r1"), 7), message(unread("n1", "r1"), 8),
                        message(archived("n3", "r1"), 9), message(read("m1", "r2"), 10),
                        message(sent("n4", "r1"), 11), message(read("n4", "r1"), 12)),
                List.of(message(released("s1", "r1"), 3600), message(read("s1", "r1"), 3601),
                        message(archived("m1", "r2"), 3602), message(read("n1", "r1"), 3603)));
        mongo.clear();
        List<Map<String, List<Document>>> before = new ArrayList<>();
        List<Map<String, UnreadCount>> expectedCounts = new ArrayList<>();
        List<Map<String, List<String>>> expectedItems = new ArrayList<>();
        for (List<EventMessage<?>> batch : batches) {
            before.add(mongo.dump(COLLECTIONS.toArray(String[]::new)));
            InBatches.apply(projection(mongo.template().getDb()), batch, batch.size());
            expectedCounts.add(counts());
            expectedItems.add(mongo.snapshot(ITEMS.toArray(String[]::new)));
        }

        int crashes = 0;
        for (int b = 0; b < batches.size(); b++) {
            for (int writesBeforeCrash = 0; ; writesBeforeCrash++) {
                mongo.restore(before.get(b));
                Crashing crashing = new Crashing(mongo.template().getDb(), writesBeforeCrash);
                try {
                    InBatches.apply(projection(crashing.database()), batches.get(b), batches.get(b).size());
                } catch (RuntimeException expected) {
                    assertThat(rootCause(expected)).isInstanceOf(SimulatedCrash.class);
                    crashes++;
                }
                if (!crashing.crashed()) {
                    break;
                }
                InBatches.apply(projection(mongo.template().getDb()), batches.get(b), batches.get(b).size());
                assertThat(counts()).as("batch %d, crashed after %d writes", b, writesBeforeCrash)
                        .isEqualTo(expectedCounts.get(b));
                assertThat(mongo.snapshot(ITEMS.toArray(String[]::new)))
                        .as("batch %d, crashed after %d writes", b, writesBeforeCrash)
                        .isEqualTo(expectedItems.get(b));
            }
        }
        assertThat(crashes).as("crash points exercised").isGreaterThan(batches.size() * 4);
        assertThat(expectedCounts.get(2).get("r1")).as("n3 archived, the four others read")
                .isEqualTo(new UnreadCount(0, 4, Map.of("billing", new CategoryCount(0, 4))));
    }

    private static InboxProjection projection(MongoDatabase database) {
        MongoVersionStore versionStore = new MongoVersionStore(mongo.template());
        MongoInboxStore store = new MongoInboxStore(database);
        return new InboxProjection(store, new ProjectionVersions(versionStore, Map.of(
                InboxProjection.PROCESSING_GROUP, store)),
                new QueryEmitterInboxUpdates(SimpleQueryUpdateEmitter.builder().build()));
    }

    private static Map<String, UnreadCount> counts() {
        InboxProjection reader = projection(mongo.template().getDb());
        Map<String, UnreadCount> counts = new LinkedHashMap<>();
        RECIPIENTS.forEach(recipient -> counts.put(recipient, reader.handle(new FindUnreadCountQuery(recipient))));
        return counts;
    }

    private static EventMessage<?> message(Object event, long second) {
        return InBatches.message(event, at(second));
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The process dying: every write after the first {@code writesBeforeCrash} fails, and nothing else runs. */
    static final class SimulatedCrash extends RuntimeException {

        SimulatedCrash() {
            super("simulated crash");
        }
    }

    /** A database whose collections fail every write after a number of them. */
    private static final class Crashing {

        private final MongoDatabase database;
        private final AtomicInteger writesLeft;
        private volatile boolean crashed;

        Crashing(MongoDatabase real, int writesBeforeCrash) {
            writesLeft = new AtomicInteger(writesBeforeCrash);
            database = proxy(MongoDatabase.class, real, (method, result) -> method.equals("getCollection")
                    ? proxy(MongoCollection.class, result, null) : result);
        }

        MongoDatabase database() {
            return database;
        }

        boolean crashed() {
            return crashed;
        }

        @SuppressWarnings("unchecked")
        private <T> T proxy(Class<T> type, Object target, BiFunction<String, Object, Object> wrap) {
            InvocationHandler handler = (self, method, arguments) -> {
                String name = method.getName();
                boolean write = name.startsWith("bulkWrite") || name.startsWith("insert") || name.startsWith("update")
                        || name.startsWith("delete") || name.startsWith("replace");
                if (write && (crashed || writesLeft.getAndDecrement() <= 0)) {
                    crashed = true;
                    throw new SimulatedCrash();
                }
                try {
                    Object result = method.invoke(target, arguments);
                    return wrap == null ? result : wrap.apply(name, result);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
        }
    }
}
