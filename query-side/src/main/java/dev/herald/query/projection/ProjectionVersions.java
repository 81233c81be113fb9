package dev.herald.query.projection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The versions of the projections' read models, kept in a {@link VersionStore}. Version {@value #FIRST_VERSION}
 * uses the plain table (collection) names, later versions add {@code _v<n>}. A replay fills version serving + 1
 * while queries keep reading the serving one, then switches over; each projection's {@link VersionedReadModel}
 * drops the versions that are rebuilt or retired.
 */
public class ProjectionVersions {

    public static final String COLLECTION = "projection_versions";
    static final int FIRST_VERSION = 1;
    private static final String BATCH_RESOURCE = ProjectionVersions.class.getName() + ".writeVersion.";

    private final VersionStore store;
    private final Map<String, VersionedReadModel> readModels;
    private final Duration servingCacheTtl;
    private final Clock clock;
    private final Map<String, CachedVersion> servingCache = new ConcurrentHashMap<>();

    /** @param readModels by projection name */
    public ProjectionVersions(VersionStore store, Map<String, VersionedReadModel> readModels,
                              Duration servingCacheTtl, Clock clock) {
        this.store = store;
        this.readModels = Map.copyOf(readModels);
        this.servingCacheTtl = servingCacheTtl;
        this.clock = clock;
    }

    /** For tests and single-purpose tools: no caching, system clock. */
    public ProjectionVersions(VersionStore store, Map<String, VersionedReadModel> readModels) {
        this(store, readModels, Duration.ZERO, Clock.systemUTC());
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
        return store.find(projection).orElseGet(() -> ProjectionVersion.initial(projection, List.of()));
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
        readModel(projection.name()).drop(next);
        store.save(current.building(next, projection.collections()));
        return next;
    }

    public void recordReplay(String projection, ReplayRun run) {
        store.save(find(projection).withReplay(run));
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
        readModel(projection).prepareToServe(current.building());
        store.save(current.switchedOver(clock.instant()));
        servingCache.remove(projection);
        return true;
    }

    /** Drops the collections of the version retired by the last switch-over, once {@code grace} has passed. */
    public void dropRetired(String projection, Duration grace) {
        ProjectionVersion current = find(projection);
        if (current.retired() == null || clock.instant().isBefore(current.retiredAt().plus(grace))) {
            return;
        }
        readModel(projection).drop(current.retired());
        store.save(current.withoutRetired());
    }

    private VersionedReadModel readModel(String projection) {
        VersionedReadModel readModel = readModels.get(projection);
        if (readModel == null) {
            throw new IllegalArgumentException("no read model is registered for " + projection);
        }
        return readModel;
    }

    private record CachedVersion(int version, Instant until) {
    }
}
