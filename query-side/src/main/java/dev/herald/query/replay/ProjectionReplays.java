package dev.herald.query.replay;

import dev.herald.query.projection.ProjectionDefinition;
import dev.herald.query.projection.ProjectionVersion;
import dev.herald.query.projection.ProjectionVersions;
import dev.herald.query.projection.ReplayRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Rebuilds projections while the previous version of their read model keeps answering, and reports on them.
 *
 * <p>A replay stops the projection's processor, resets its tokens (its reset handler then starts an empty new
 * version, into which every event is written from then on), and starts it again. Queries keep reading the serving
 * version. Once every segment has caught up with the stream, this node switches the serving version over and,
 * after a grace period, drops the old collections. Live events that arrive meanwhile are simply later events of the
 * same stream, so the new version has them too.
 *
 * <p>On a single node the processor does not replay the events itself: while it is stopped, a {@link BulkRebuild}
 * applies them to its handlers in large batches, then the processor is started from the tokens that left it
 * (events appended meanwhile are simply ahead of those tokens). On a cluster the processor replays them, because
 * its segments' claims must stay visible to the other nodes.
 *
 * <p>The processor's segments must all run on this node while it is reset and switched: Axon cannot reset tokens
 * that another node claims. On a cluster the {@link SegmentPlacement} gathers them here first and keeps them here
 * until the switch; when it cannot, the replay is refused with what to do instead.
 */
public class ProjectionReplays implements SmartLifecycle {

    static final String LIVE = "LIVE";
    static final String REPLAYING = "REPLAYING";
    private static final Logger log = LoggerFactory.getLogger(ProjectionReplays.class);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** Other nodes hand segments over at their next heartbeat and this node claims them at its next claim round. */
    private static final Duration GATHER_TIMEOUT = Duration.ofSeconds(20);

    private final List<ProjectionDefinition> projections;
    private final ProjectionVersions versions;
    private final Supplier<EventProcessingConfiguration> processing;
    private final Supplier<StreamableMessageSource<TrackedEventMessage<?>>> eventSource;
    private final StreamPositions positions;
    private final SegmentPlacement placement;
    private final Duration switchCheck;
    private final Duration retiredGrace;
    private final Clock clock;
    private final boolean inBulk;
    private final Map<String, Long> bulkPositions = new ConcurrentHashMap<>();
    private final Map<String, Thread> bulkBuilds = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private volatile boolean stopping;

    public ProjectionReplays(List<ProjectionDefinition> projections, ProjectionVersions versions,
                             Supplier<EventProcessingConfiguration> processing,
                             Supplier<StreamableMessageSource<TrackedEventMessage<?>>> eventSource,
                             Duration switchCheck, Duration retiredGrace, Clock clock) {
        this(projections, versions, processing, eventSource, StreamPositions.ofTokens(eventSource),
             SegmentPlacement.SINGLE_NODE, switchCheck, retiredGrace, clock);
    }

    public ProjectionReplays(List<ProjectionDefinition> projections, ProjectionVersions versions,
                             Supplier<EventProcessingConfiguration> processing,
                             Supplier<StreamableMessageSource<TrackedEventMessage<?>>> eventSource,
                             StreamPositions positions, SegmentPlacement placement,
                             Duration switchCheck, Duration retiredGrace, Clock clock) {
        this.positions = positions;
        this.placement = placement;
        this.projections = List.copyOf(projections);
        this.versions = versions;
        this.processing = processing;
        this.eventSource = eventSource;
        this.switchCheck = switchCheck;
        this.retiredGrace = retiredGrace;
        this.clock = clock;
        this.inBulk = placement == SegmentPlacement.SINGLE_NODE;
    }

    public List<ProjectionReport> reports() {
        return projections.stream().map(projection -> report(projection.name())).toList();
    }

    /**
     * @throws UnknownProjectionException when no projection has this name
     */
    public ProjectionReport report(String name) {
        definition(name);
        ProjectionVersion version = versions.find(name);
        Optional<StreamingEventProcessor> processor = processor(name);
        Map<Integer, EventTrackerStatus> statuses = processor.map(StreamingEventProcessor::processingStatus)
                .orElse(Map.of());
        Long bulk = bulkPositions.get(name);
        Long position = bulk != null ? bulk : statuses.isEmpty() ? null : statuses.values().stream()
                .map(status -> positions.position(status.getTrackingToken()))
                .mapToLong(current -> current.orElse(-1))
                .min().orElse(-1);
        Long head = boxed(positions.head());
        Long lag = position == null || head == null ? null : Math.max(0, head - position);
        String error = statuses.values().stream()
                .filter(EventTrackerStatus::isErrorState)
                .map(status -> String.valueOf(status.getError()))
                .findFirst().orElse(null);
        return new ProjectionReport(name, version.isBuilding() ? REPLAYING : LIVE, position, head, lag,
                                    statuses.size(), version.serving(), version.building(), error,
                                    progress(version, position));
    }

    /**
     * Starts a rebuild and answers at once; the rebuild goes on in the processor's own threads.
     *
     * @throws UnknownProjectionException  when no projection has this name
     * @throws ReplayNotPossibleException when one is already running, the processor does not run on this node, or
     *                                    other nodes keep some of its segments
     */
    public synchronized ProjectionReport replay(String name) {
        ProjectionDefinition projection = definition(name);
        if (versions.find(name).isBuilding()) {
            throw new ReplayNotPossibleException("a replay of " + name + " is already running");
        }
        StreamingEventProcessor processor = processor(name).orElseThrow(() -> new ReplayNotPossibleException(
                "the " + name + " processor does not run on this node"));
        if (!processor.supportsReset()) {
            throw new ReplayNotPossibleException("the " + name + " processor cannot be reset");
        }
        if (!placement.gather(name, GATHER_TIMEOUT)) {
            placement.release(name);
            throw elsewhere(name);
        }
        try {
            reset(projection, processor);
        } catch (RuntimeException e) {
            placement.release(name);
            throw e;
        }
        return report(name);
    }

    private void reset(ProjectionDefinition projection, StreamingEventProcessor processor) {
        String name = projection.name();
        shutDown(processor, name);
        boolean handedOver = false;
        try {
            long head = positions.head().orElse(-1L);
            long from = positions.position(eventSource.get().createTailToken()).orElse(head);
            try {
                processor.resetTokens();
            } catch (UnableToClaimTokenException e) {
                throw elsewhere(name);
            }
            versions.recordReplay(name, new ReplayRun(clock.instant(), from, head, null));
            log.info("Replaying {} into a new version: {} events", name, Math.max(0, head - from));
            handedOver = inBulk && processor instanceof AbstractEventProcessor && startBulk(projection, processor);
        } finally {
            if (!handedOver) {
                processor.start();
            }
        }
    }

    /** Starts the bulk rebuild on a thread of its own, which starts the processor when it ends. */
    private boolean startBulk(ProjectionDefinition projection, StreamingEventProcessor processor) {
        EventProcessingConfiguration configuration = processing.get();
        String name = projection.name();
        BulkRebuild rebuild = new BulkRebuild(name, ((AbstractEventProcessor) processor).eventHandlerInvoker(),
                                              configuration.transactionManager(name),
                                              configuration.tokenStore(name), eventSource.get(),
                                              BulkRebuild.BATCH_SIZE);
        Thread thread = new Thread(() -> rebuild(projection, processor, rebuild), "herald-rebuild-" + name);
        thread.setDaemon(true);
        bulkPositions.put(name, positions.position(eventSource.get().createTailToken()).orElse(0L));
        bulkBuilds.put(name, thread);
        thread.start();
        return true;
    }

    private void rebuild(ProjectionDefinition projection, StreamingEventProcessor processor, BulkRebuild rebuild) {
        String name = projection.name();
        try {
            long read = rebuild.run(positions, position -> bulkPositions.put(name, position));
            log.info("Rebuilt {} from {} events in bulk; its processor goes on from there", name, read);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("Rebuild of {} stopped; its processor goes on from the last batch stored", name);
        } catch (Exception e) {
            // The tokens stand after the last batch that committed, so the processor simply goes on from there.
            log.warn("Rebuild of {} failed; its processor replays the rest of the events itself", name, e);
        } finally {
            bulkPositions.remove(name);
            bulkBuilds.remove(name);
            synchronized (this) {
                if (!stopping) {
                    processor.start();
                }
            }
        }
    }

    /** Switches each projection whose replay has caught up, and drops retired collections. */
    void checkSwitchOver() {
        for (ProjectionDefinition projection : projections) {
            try {
                String name = projection.name();
                if (versions.find(name).isBuilding() && processor(name).filter(this::caughtUp).isPresent()
                        && switchOver(name)) {
                    log.info("Replay of {} complete; version {} serves now", name, versions.find(name).serving());
                    placement.release(name);
                }
                versions.dropRetired(name, retiredGrace);
            } catch (RuntimeException e) {
                log.warn("Could not check the replay of {}", projection.name(), e);
            }
        }
    }

    /**
     * Switches in a transaction of the processor's own transaction manager: the new version's query indexes are
     * built there (see {@code VersionedReadModel#prepareToServe}), so its batches wait for them behind the same
     * writer lock instead of meeting them in the store's busy handler.
     */
    private boolean switchOver(String name) {
        EventProcessingConfiguration configuration = processing.get();
        if (configuration == null) {
            return versions.switchOver(name);
        }
        return configuration.transactionManager(name).fetchInTransaction(() -> versions.switchOver(name));
    }

    /**
     * Every segment runs here and none is still replaying. Right after a restart no segment is claimed yet, so the
     * whole key space must be covered before the processor's own {@code isReplaying()} means anything.
     */
    private boolean caughtUp(StreamingEventProcessor processor) {
        if (!processor.isRunning() || processor.isError()) {
            return false;
        }
        Map<Integer, EventTrackerStatus> statuses = processor.processingStatus();
        double covered = statuses.values().stream()
                .mapToDouble(status -> 1.0 / (status.getSegment().getMask() + 1))
                .sum();
        return Math.abs(covered - 1.0) < 1e-9
                && statuses.values().stream().noneMatch(EventTrackerStatus::isErrorState)
                && !processor.isReplaying();
    }

    private ReplayProgress progress(ProjectionVersion version, Long position) {
        ReplayRun run = version.replay();
        if (run == null) {
            return null;
        }
        long total = run.total();
        boolean finished = run.finishedAt() != null;
        long processed = finished ? total
                : position == null ? 0 : Math.max(0, Math.min(total, position - run.fromPosition()));
        Instant until = finished ? run.finishedAt() : clock.instant();
        double seconds = Math.max(0.001, Duration.between(run.startedAt(), until).toMillis() / 1000.0);
        double rate = processed / seconds;
        String eta = finished ? Duration.ZERO.toString()
                : rate > 0 ? Duration.ofMillis(Math.round((total - processed) / rate * 1000)).toString() : null;
        return new ReplayProgress(processed, total, Math.round(rate * 10) / 10.0, eta, run.startedAt(),
                                  run.finishedAt());
    }

    private ProjectionDefinition definition(String name) {
        return projections.stream().filter(projection -> projection.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownProjectionException(name));
    }

    private Optional<StreamingEventProcessor> processor(String name) {
        EventProcessingConfiguration configuration = processing.get();
        return configuration == null ? Optional.empty()
                : configuration.eventProcessor(name, StreamingEventProcessor.class);
    }

    private static void shutDown(StreamingEventProcessor processor, String name) {
        try {
            processor.shutdownAsync().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            processor.start();
            throw new ReplayNotPossibleException("the " + name + " processor did not stop: " + e);
        }
    }

    private static ReplayNotPossibleException elsewhere(String name) {
        return new ReplayNotPossibleException("other nodes keep segments of the " + name + " processor and did not "
                + "hand them over; GET /api/v1/admin/processors shows which node holds which, retry in a moment or "
                + "ask the node that holds them all");
    }

    private static Long boxed(OptionalLong position) {
        return position.isPresent() ? position.getAsLong() : null;
    }

    @Override
    public synchronized void start() {
        stopping = false;
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "herald-replay-check");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::checkSwitchOver, switchCheck.toMillis(), switchCheck.toMillis(),
                                         TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        synchronized (this) {
            stopping = true;
        }
        bulkBuilds.values().forEach(Thread::interrupt);
        synchronized (this) {
            stopScheduler();
        }
    }

    private void stopScheduler() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
