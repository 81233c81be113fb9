package dev.herald.app.ratelimit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Bucket4j token buckets that several processes share through one MongoDB collection: a document per bucket,
 * {@code _id} = the bucket's key, holding Bucket4j's serialized state. Bucket4j reads the state, applies the request
 * to it and asks for a compare-and-swap; here that is an update conditioned on the state read (or, for a new bucket,
 * an insert that a concurrent insert of the same key makes fail), and Bucket4j retries on a lost race. So no two
 * processes ever spend the same token, with nothing held between the read and the write.
 *
 * <p>Written by hand because no Bucket4j MongoDB module is available from Maven Central to this build (checked:
 * {@code bucket4j_jdk17-mongodb-sync}, {@code bucket4j_jdk17-mongo-sync}, {@code bucket4j-mongodb-sync}, 8.10.1 to
 * 8.16.0); it implements Bucket4j's own extension point for stores with compare-and-swap,
 * {@link AbstractCompareAndSwapBasedProxyManager}, so the token arithmetic stays Bucket4j's.
 *
 * <p>Not tied to API keys: any limit that must hold across nodes can keep its buckets here, in a collection of its
 * own. With an expiration strategy in the {@link ClientSideConfig}, each document carries {@value #EXPIRE_AT} and a
 * TTL index removes buckets nobody used for that long. Synchronous only: call it off event-loop threads.
 */
public class MongoBucketProxyManager extends AbstractCompareAndSwapBasedProxyManager<String> {

    static final String STATE = "state";
    static final String EXPIRE_AT = "expireAt";

    private final MongoCollection<Document> buckets;

    public MongoBucketProxyManager(MongoCollection<Document> buckets, ClientSideConfig config) {
        super(config);
        this.buckets = buckets;
        if (config.getExpirationAfterWriteStrategy().isPresent()) {
            buckets.createIndex(Indexes.ascending(EXPIRE_AT), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
        }
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                Document found = buckets.find(Filters.eq("_id", key)).projection(Projections.include(STATE)).first();
                return Optional.ofNullable(found).map(document -> document.get(STATE, Binary.class).getData());
            }

            @Override
            public boolean compareAndSwap(byte[] originalData, byte[] newData, RemoteBucketState newState,
                                          Optional<Long> timeoutNanos) {
                Date expireAt = expireAt(newState);
                if (originalData == null) {
                    return insert(key, newData, expireAt);
                }
                return buckets.updateOne(
                        Filters.and(Filters.eq("_id", key), Filters.eq(STATE, new Binary(originalData))),
                        expireAt == null
                                ? Updates.set(STATE, new Binary(newData))
                                : Updates.combine(Updates.set(STATE, new Binary(newData)),
                                                  Updates.set(EXPIRE_AT, expireAt)))
                        .getMatchedCount() == 1;
            }
        };
    }

    private boolean insert(String key, byte[] state, Date expireAt) {
        Document bucket = new Document("_id", key).append(STATE, new Binary(state));
        if (expireAt != null) {
            bucket.append(EXPIRE_AT, expireAt);
        }
        try {
            buckets.insertOne(bucket);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private Date expireAt(RemoteBucketState state) {
        return getClientSideConfig().getExpirationAfterWriteStrategy()
                .map(strategy -> strategy.calculateTimeToLiveMillis(state, currentTimeNanos()))
                .filter(ttl -> ttl > 0)
                .map(ttl -> new Date(System.currentTimeMillis() + ttl))
                .orElse(null);
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("MongoBucketProxyManager is synchronous");
    }

    @Override
    public void removeProxy(String key) {
        buckets.deleteOne(Filters.eq("_id", key));
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("MongoBucketProxyManager is synchronous"));
    }

    @Override
    public boolean isExpireAfterWriteSupported() {
        return true;
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }
}
