package dev.herald.app.cluster;

import dev.herald.query.replay.StreamPositions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * How far each event processor on this node is behind the head of the event store, in events, measured every ten
 * seconds rather than at each scrape (on the {@code mongo} profile it is a count in the event collection). Published
 * as {@code herald_processor_lag_events{processor}}, the slowest segment this node holds, NaN when it holds none
 * (on a cluster take the {@code max} over nodes), and {@code herald_processor_segments{processor}}, how many
 * segments this node holds.
 *
 * <p>{@code herald_processor_state{processor,state}} is 1 for the state the processor is in on this node and 0 for
 * the others, read at each scrape: {@code error} (a batch failed and is being retried, see {@link ProcessorFailures}),
 * {@code replaying} (its
 * projection is being rebuilt, from the reset until the new version serves, or a segment is replaying),
 * {@code stopped} or {@code running}.
 */
public class ProcessorLag implements SmartLifecycle {

    static final String LAG_METER = "herald.processor.lag.events";
    static final String SEGMENTS_METER = "herald.processor.segments";
    static final String STATE_METER = "herald.processor.state";
    private static final Logger log = LoggerFactory.getLogger(ProcessorLag.class);

    enum State { RUNNING, REPLAYING, ERROR, STOPPED }

    private final Supplier<Map<String, StreamingEventProcessor>> processors;
    private final Predicate<String> rebuilding;
    private final Predicate<String> failing;
    private final StreamPositions positions;
    private final MeterRegistry registry;
    private final Duration interval;
    private final Map<String, Double> lag = new ConcurrentHashMap<>();
    private final Map<String, Integer> segments = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    /**
     * @param rebuilding whether the projection of this processor is being rebuilt (false for other processors)
     * @param failing    whether the processor's last batch failed here and is being retried
     *                   ({@link ProcessorFailures#isFailing})
     */
    public ProcessorLag(Supplier<Map<String, StreamingEventProcessor>> processors, Predicate<String> rebuilding,
                        Predicate<String> failing, StreamPositions positions, MeterRegistry registry,
                        Duration interval) {
        this.processors = processors;
        this.rebuilding = rebuilding;
        this.failing = failing;
        this.positions = positions;
        this.registry = registry;
        this.interval = interval;
    }

    /** Events the slowest segment of the processor on this node is behind, or null when it holds none. */
    public Long behind(String processor) {
        Double value = lag.get(processor);
        return value == null || value.isNaN() ? null : value.longValue();
    }

    /** The processor's state on this node now, or null when it does not run here. */
    State state(String processor) {
        StreamingEventProcessor running = processors.get().get(processor);
        if (running == null) {
            return null;
        }
        Collection<EventTrackerStatus> statuses = running.processingStatus().values();
        if (running.isError() || failing.test(processor)
                || statuses.stream().anyMatch(EventTrackerStatus::isErrorState)) {
            return State.ERROR;
        }
        if (rebuilding.test(processor) || statuses.stream().anyMatch(EventTrackerStatus::isReplaying)) {
            return State.REPLAYING;
        }
        return running.isRunning() ? State.RUNNING : State.STOPPED;
    }

    void measure() {
        Map<String, StreamingEventProcessor> current = processors.get();
        if (current.isEmpty()) {
            return;
        }
        long head = positions.head().orElse(-1L);
        current.forEach((name, processor) -> {
            Map<Integer, EventTrackerStatus> statuses = processor.processingStatus();
            double behind = statuses.isEmpty() ? Double.NaN
                    : Math.max(0, head - positions.position(slowest(statuses.values())).orElse(-1L));
            register(name);
            lag.put(name, behind);
            segments.put(name, statuses.size());
        });
    }

    /**
     * The lowest of the segments' tokens, so that a store that counts positions counts once per processor. A segment
     * at the very start (no token yet) is the slowest there is.
     */
    private static TrackingToken slowest(Collection<EventTrackerStatus> statuses) {
        TrackingToken slowest = null;
        boolean first = true;
        for (EventTrackerStatus status : statuses) {
            TrackingToken token = WrappedToken.unwrapLowerBound(status.getTrackingToken());
            if (token == null) {
                return null;
            }
            slowest = first ? token : slowest.lowerBound(token);
            first = false;
        }
        return slowest;
    }

    private void register(String processor) {
        if (!lag.containsKey(processor)) {
            Gauge.builder(LAG_METER, lag, values -> values.getOrDefault(processor, Double.NaN))
                    .tag("processor", processor)
                    .description("events between the head of the store and this node's slowest segment")
                    .register(registry);
            Gauge.builder(SEGMENTS_METER, segments, values -> values.getOrDefault(processor, 0))
                    .tag("processor", processor)
                    .description("segments of the processor this node holds")
                    .register(registry);
            for (State state : State.values()) {
                Gauge.builder(STATE_METER, this, lag -> lag.state(processor) == state ? 1 : 0)
                        .tag("processor", processor)
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .description("1 for the state the processor is in on this node, 0 for the others")
                        .register(registry);
            }
        }
    }

    private void safeMeasure() {
        try {
            measure();
        } catch (RuntimeException e) {
            log.debug("Could not measure processor lag", e);
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "herald-processor-lag");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::safeMeasure, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
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
