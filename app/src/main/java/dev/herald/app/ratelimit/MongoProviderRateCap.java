package dev.herald.app.ratelimit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.herald.saga.channel.ProviderRateCap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's send rate counted for every node together, in one MongoDB document per provider ({@code _id} = the
 * provider, e.g. {@code sms.twilio}) listing the calls that count now: each running call with its lease, each ended
 * call with its end, for {@code period} after it. The same rule as {@link dev.herald.saga.channel.RateCap}: a call
 * may start only while fewer than {@code limit} calls count. Each change reads the document and writes it back
 * conditioned on the version it read (a compare-and-swap; a new document is an insert that a concurrent insert makes
 * fail), so two nodes never both take the last place.
 * <p>
 * A node that dies during a call cannot end it: a running call counts until its lease (the longest a call can take:
 * connect plus request timeout, plus a margin) and then as ended at the lease. Times are each node's wall clock, so
 * the nodes' clocks must agree to well within a period (NTP); a clock ahead shortens the windows it judges.
 * <p>
 * Written by hand for the same reason as the in-process cap: no rate limiter library holds a permit for a call's
 * duration, and Bucket4j's shared buckets (used for senders, {@link MongoBucketProxyManager}) bound starts only.
 */
final class MongoProviderRateCap implements ProviderRateCap {

    private static final Logger log = LoggerFactory.getLogger(MongoProviderRateCap.class);
    static final String CALLS = "calls";
    static final String VERSION = "version";
    private static final String ID = "id";
    private static final String LEASE = "lease";
    private static final String ENDED = "ended";
    /** Compare-and-swap attempts before a start answers "try again shortly" or an end leaves the call to its lease. */
    private static final int ATTEMPTS = 50;

    private final MongoCollection<Document> documents;
    private final String provider;
    private final int limit;
    private final Duration period;
    private final Duration maxWait;
    private final long leaseMillis;
    private final LongSupplier millis;
    /** This node's calls that are still running; any of them may be the one that ends (they are alike). */
    private final Deque<String> running = new ConcurrentLinkedDeque<>();

    MongoProviderRateCap(MongoCollection<Document> documents, String provider, int limit, Duration period,
                         Duration maxWait, Duration lease, LongSupplier millis) {
        if (limit < 1 || period.isNegative() || period.isZero() || maxWait.isNegative()) {
            throw new IllegalArgumentException("a rate cap needs limit >= 1, a positive period and a max-wait >= 0");
        }
        this.documents = documents;
        this.provider = provider;
        this.limit = limit;
        this.period = period;
        this.maxWait = maxWait;
        this.leaseMillis = lease.toMillis();
        this.millis = millis;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public Duration period() {
        return period;
    }

    @Override
    public Duration maxWait() {
        return maxWait;
    }

    @Override
    public long tryStart() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long now = millis.getAsLong();
            Document found = documents.find(Filters.eq("_id", provider)).first();
            List<Document> counting = counting(found, now);
            if (counting.size() >= limit) {
                return untilRoom(counting, now);
            }
            String call = UUID.randomUUID().toString();
            counting.add(new Document(ID, call).append(LEASE, now + leaseMillis));
            if (write(found, counting)) {
                running.add(call);
                return 0;
            }
        }
        return TimeUnit.MILLISECONDS.toNanos(1); // busy: the caller looks again
    }

    @Override
    public void end() {
        String call = take();
        change(call, entry -> entry.append(ENDED, millis.getAsLong()));
    }

    @Override
    public void cancel() {
        String call = take();
        change(call, entry -> null);
    }

    private String take() {
        String call = running.poll();
        if (call == null) {
            throw new IllegalStateException("no call of this rate cap is running");
        }
        return call;
    }

    /** Replaces the call's entry by what {@code how} makes of it (null: removes it), if it still counts. */
    private void change(String call, UnaryOperator<Document> how) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Document found = documents.find(Filters.eq("_id", provider)).first();
            List<Document> counting = counting(found, millis.getAsLong());
            List<Document> changed = new ArrayList<>();
            boolean present = false;
            for (Document entry : counting) {
                if (call.equals(entry.getString(ID))) {
                    present = true;
                    Document replaced = how.apply(entry);
                    if (replaced != null) {
                        changed.add(replaced);
                    }
                } else {
                    changed.add(entry);
                }
            }
            if (!present || write(found, changed)) {
                return;
            }
        }
        log.warn("Could not record the end of a call to {} after {} attempts; it counts until its lease", provider,
                 ATTEMPTS);
    }

    /** The calls that count at {@code now}: running within their lease, or ended (or leased out) within a period. */
    private List<Document> counting(Document found, long now) {
        List<Document> counting = new ArrayList<>();
        if (found == null) {
            return counting;
        }
        for (Document entry : found.getList(CALLS, Document.class, List.of())) {
            Long end = endOf(entry, now);
            if (end == null || now - end < period.toMillis()) {
                counting.add(entry);
            }
        }
        return counting;
    }

    /** When the call ended, or its lease ran out; null while it runs. */
    private static Long endOf(Document entry, long now) {
        Long ended = entry.getLong(ENDED);
        if (ended != null) {
            return ended;
        }
        long lease = entry.getLong(LEASE);
        return lease <= now ? lease : null;
    }

    /**
     * The soonest a place can free up: a period after the earliest end among the counted calls, or a period from now
     * if only running calls count (none can end sooner than now). The other nodes' ends do not wake this node's
     * waiting workers, so the answer is always a time, never {@link #UNTIL_A_CALL_ENDS}.
     */
    private long untilRoom(List<Document> counting, long now) {
        long soonest = now + period.toMillis();
        for (Document entry : counting) {
            Long end = endOf(entry, now);
            if (end != null) {
                soonest = Math.min(soonest, end + period.toMillis());
            }
        }
        return TimeUnit.MILLISECONDS.toNanos(Math.max(1, soonest - now));
    }

    private boolean write(Document found, List<Document> calls) {
        if (found == null) {
            try {
                documents.insertOne(new Document("_id", provider).append(VERSION, 0L).append(CALLS, calls));
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        long version = found.getLong(VERSION);
        return documents.updateOne(Filters.and(Filters.eq("_id", provider), Filters.eq(VERSION, version)),
                                   Updates.combine(Updates.set(CALLS, calls), Updates.set(VERSION, version + 1)))
                .getMatchedCount() == 1;
    }
}
