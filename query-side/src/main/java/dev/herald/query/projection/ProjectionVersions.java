package dev.herald.query.projection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The versioned collection sets of the projections, kept in {@value #COLLECTION} ({@code _id} = projection name).
 * Version {@value #FIRST_VERSION} uses the plain collection names, later versions add {@code _v<n>}. A replay fills
 * version serving + 1 while queries keep reading the serving one, then switches over. Every read here is by key.
 */
public class ProjectionVersions {

    public static final String COLLECTION = "projection_versions";
    static final int FIRST_VERSION = 1;
    private static final String BATCH_RESOURCE = ProjectionVersions.class.getName() + ".writeVersion.";

    private final MongoOperations mongo;
    private final Duration servingCacheTtl;
    private final Clock clock;
    private final Map<String, CachedVersion> servingCache = new ConcurrentHashMap<>();

    public ProjectionVersions(MongoOperations mongo, Duration servingCacheTtl, Clock clock) {
        this.mongo = mongo;
        this.servingCacheTtl = servingCacheTtl;
        this.clock = clock;
    }

    /** For tests and single-purpose tools: no caching, system clock. */
    public ProjectionVersions(MongoOperations mongo) {
        this(mongo, Duration.ZERO, Clock.systemUTC());
    }

    public static String collection(String base, int version) {
        return version == FIRST_VERSION ? base : base + "_v" + version;
    }

    /**
     * The version event handlers write to. Read once per batch: every event of a batch goes to the same set, and a
     * replay only begins while the processor is stopped, so no batch straddles a change.
     */
    public int writeVersion(String projection) {
        if (!CurrentUnitOfWork.isStarted()) {
            return find(projection).writeVersion();
        }
        return CurrentUnitOfWork.get().root().getOrComputeResource(
                BATCH_RESOURCE + projection, key -> find(projection).writeVersion());
    }

    /**
     * The version queries read. Cached for a short while, because it is asked for by every query; a switch-over
     * keeps the old set for longer than that (see {@link #dropRetired}).
     */
    public int servingVersion(String projection) {
        Instant now = clock.instant();
        CachedVersion cached = servingCache.get(projection);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.version();
        }
        int version = find(projection).serving();
        if (!servingCacheTtl.isZero()) {
            servingCache.put(projection, new CachedVersion(version, now.plus(servingCacheTtl)));
        }
        return version;
    }

    public ProjectionVersion find(String projection) {
        ProjectionVersion found = mongo.findById(projection, ProjectionVersion.class, COLLECTION);
        return found != null ? found : ProjectionVersion.initial(projection, List.of());
    }

    /**
     * Starts a rebuild into the next version, emptied first (a rebuild that was interrupted starts over). Called
     * from the projection's reset handler, that is while its processor is stopped.
     *
     * @return the version now being built
     */
    public int beginBuild(ProjectionDefinition projection) {
        ProjectionVersion current = find(projection.name());
        int next = current.serving() + 1;
        for (String base : projection.collections()) {
            mongo.dropCollection(collection(base, next));
        }
        mongo.save(current.building(next, projection.collections()), COLLECTION);
        return next;
    }

    public void recordReplay(String projection, ReplayRun run) {
        mongo.save(find(projection).withReplay(run), COLLECTION);
    }

    /**
     * Makes the version being built the serving one.
     *
     * @return false when no rebuild was in progress
     */
    public boolean switchOver(String projection) {
        ProjectionVersion current = find(projection);
        if (!current.isBuilding()) {
            return false;
        }
        mongo.save(current.switchedOver(clock.instant()), COLLECTION);
        servingCache.remove(projection);
        return true;
    }

    /** Drops the collections of the version retired by the last switch-over, once {@code grace} has passed. */
    public void dropRetired(String projection, Duration grace) {
        ProjectionVersion current = find(projection);
        if (current.retired() == null || clock.instant().isBefore(current.retiredAt().plus(grace))) {
            return;
        }
        for (String base : current.collections()) {
            mongo.dropCollection(collection(base, current.retired()));
        }
        mongo.save(current.withoutRetired(), COLLECTION);
    }

    private record CachedVersion(int version, Instant until) {
    }
}
