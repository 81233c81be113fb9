package dev.herald.app.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.herald.app.cluster.MongoWireServer;
import dev.herald.saga.channel.ProviderRateCap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, each with its own MongoDB client, share one provider's rate through one MongoDB (the mongo-java-server
 * double over the wire): together they never have more calls counting than the limit, a call counts for a period
 * after its end on either node, and a call of a node that died counts until its lease. Time is a clock the test moves.
 */
class MongoProviderRateCapTest {

    private static final int LIMIT = 10;
    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Duration LEASE = Duration.ofSeconds(40);

    static MongoWireServer mongo;
    static MongoClient firstClient;
    static MongoClient secondClient;
    final AtomicLong now = new AtomicLong(1_800_000_000_000L);

    @BeforeAll
    static void start() {
        mongo = MongoWireServer.start();
        firstClient = MongoClients.create(mongo.uri());
        secondClient = MongoClients.create(mongo.uri());
    }

    @AfterAll
    static void stop() {
        firstClient.close();
        secondClient.close();
        mongo.close();
    }

    @Test
    void twoNodesRacingForPlacesTogetherStartNoMoreThanTheLimit() throws Exception {
        ProviderRateCap first = cap(firstClient, "sms.race");
        ProviderRateCap second = cap(secondClient, "sms.race");
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ProviderRateCap node = i % 2 == 0 ? first : second;
                attempts.add(() -> {
                    long answer = node.tryStart();
                    while (answer > 0 && answer < PERIOD.toNanos()) {
                        answer = node.tryStart(); // lost every compare-and-swap of its turn: asked to look again
                    }
                    return answer == 0;
                });
            }
            int started = 0;
            for (Future<Boolean> attempt : workers.invokeAll(attempts)) {
                started += attempt.get() ? 1 : 0;
            }
            assertThat(started).isEqualTo(LIMIT);
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void aCallEndedOnOneNodeCountsThereForAPeriodThenMakesRoomOnTheOther() {
        ProviderRateCap first = cap(firstClient, "sms.ends");
        ProviderRateCap second = cap(secondClient, "sms.ends");
        for (int i = 0; i < LIMIT; i++) {
            assertThat(first.tryStart()).isZero();
        }
        long wait = second.tryStart();
        assertThat(wait).as("only running calls count: room no sooner than a period").isEqualTo(PERIOD.toNanos());

        now.addAndGet(200);
        first.end();
        first.cancel();
        assertThat(second.tryStart()).as("the cancelled call never counted").isZero();
        assertThat(second.tryStart()).as("the ended call counts for a period after its end")
                .isEqualTo(PERIOD.toNanos());

        now.addAndGet(PERIOD.toMillis());
        assertThat(second.tryStart()).isZero();
        assertThat(second.tryStart()).isEqualTo(PERIOD.toNanos());
    }

    @Test
    void aCallOfANodeThatDiedCountsUntilItsLeaseAndForAPeriodAfter() {
        ProviderRateCap died = cap(firstClient, "sms.lease");
        ProviderRateCap survivor = cap(secondClient, "sms.lease");
        for (int i = 0; i < LIMIT; i++) {
            assertThat(died.tryStart()).isZero();
        }
        now.addAndGet(LEASE.toMillis() - 1);
        assertThat(survivor.tryStart()).isPositive();
        now.addAndGet(1);
        assertThat(survivor.tryStart()).as("ended at the lease: counts for a period")
                .isEqualTo(PERIOD.toNanos());
        now.addAndGet(PERIOD.toMillis());
        for (int i = 0; i < LIMIT; i++) {
            assertThat(survivor.tryStart()).isZero();
        }
        MongoCollection<Document> documents = firstClient.getDatabase("herald").getCollection("provider_calls");
        assertThat(documents.find(new Document("_id", "sms.lease")).first().getList("calls", Document.class))
                .as("the dead node's calls are gone from the document").hasSize(LIMIT);
    }

    private ProviderRateCap cap(MongoClient client, String provider) {
        return new MongoProviderRateCap(client.getDatabase("herald").getCollection("provider_calls"), provider, LIMIT,
                                        PERIOD, Duration.ofSeconds(1), LEASE, now::get);
    }

}
