package dev.herald.app.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.herald.app.cluster.MongoWireServer;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
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
 * Two nodes, each with its own MongoDB client and proxy manager, share one bucket through one MongoDB (the
 * mongo-java-server double over the wire): together they never admit more than the bucket's capacity plus what it
 * regains. Time is a clock the test moves, so that "what it regains" is exact.
 */
class MongoBucketProxyManagerTest {

    private static final int CAPACITY = 20;
    private static final BucketConfiguration TWENTY_PER_MINUTE = new RatePolicy("test", CAPACITY, CAPACITY,
                                                                                Duration.ofMinutes(1))
            .bucketConfiguration();

    static MongoWireServer mongo;
    static MongoClient firstClient;
    static MongoClient secondClient;
    static final AtomicLong nanos = new AtomicLong(Duration.ofDays(20_000).toNanos());

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
    void twoNodesTogetherAdmitNoMoreThanTheBucketHoldsAndRegains() throws Exception {
        SharedRateLimitBuckets first = node(firstClient, "shared");
        SharedRateLimitBuckets second = node(secondClient, "shared");

        assertThat(admittedByEightSenders(first, second, "key_one")).isEqualTo(CAPACITY);

        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(admittedByEightSenders(first, second, "key_one")).as("half a minute regains half the bucket")
                .isEqualTo(CAPACITY / 2);

        assertThat(admittedByEightSenders(first, second, "key_two")).as("another key has a bucket of its own")
                .isEqualTo(CAPACITY);
        assertThat(collection(firstClient, "shared").countDocuments()).isEqualTo(2);
    }

    @Test
    void aBucketDocumentCarriesWhenItIsFullAgainForTheTtlIndex() {
        SharedRateLimitBuckets node = node(firstClient, "expiring");
        node.tryConsumeOne("key_ttl", TWENTY_PER_MINUTE);
        Document bucket = collection(firstClient, "expiring").find().first();
        assertThat(bucket).isNotNull();
        assertThat(bucket.get("_id")).isEqualTo("key_ttl");
        // one token spent regains in 3 s; the document is kept 10 s after that
        assertThat(bucket.getDate(MongoBucketProxyManager.EXPIRE_AT).getTime() - System.currentTimeMillis())
                .isBetween(Duration.ofSeconds(5).toMillis(), Duration.ofSeconds(14).toMillis());
        assertThat(collection(firstClient, "expiring").listIndexes().into(new ArrayList<>()))
                .anySatisfy(index -> assertThat(index.get("expireAfterSeconds")).isNotNull());
    }

    /** Eight senders, four on each node, each trying 10 times as fast as it can; how many were let through. */
    private static long admittedByEightSenders(SharedRateLimitBuckets first, SharedRateLimitBuckets second,
                                               String key) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> work = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                SharedRateLimitBuckets node = i % 2 == 0 ? first : second;
                work.add(() -> {
                    long admitted = 0;
                    for (int attempt = 0; attempt < 10; attempt++) {
                        if (node.tryConsumeOne(key, TWENTY_PER_MINUTE).isConsumed()) {
                            admitted++;
                        }
                    }
                    return admitted;
                });
            }
            long admitted = 0;
            for (Future<Long> sender : senders.invokeAll(work)) {
                admitted += sender.get();
            }
            return admitted;
        } finally {
            senders.shutdownNow();
        }
    }

    private static SharedRateLimitBuckets node(MongoClient client, String collection) {
        ClientSideConfig config = ClientSideConfig.getDefault()
                .withClientClock(new TimeMeter() {
                    @Override
                    public long currentTimeNanos() {
                        return nanos.get();
                    }

                    @Override
                    public boolean isWallClockBased() {
                        return true;
                    }
                })
                .withExpirationAfterWriteStrategy(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)));
        return new SharedRateLimitBuckets(new MongoBucketProxyManager(collection(client, collection), config));
    }

    private static MongoCollection<Document> collection(MongoClient client, String name) {
        return client.getDatabase("ratelimits").getCollection(name);
    }
}
