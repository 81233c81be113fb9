package dev.herald.app.cluster;

import dev.herald.app.cluster.NodeHeartbeats.Heartbeat;
import dev.herald.app.cluster.NodeHeartbeats.Holding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Which node holds which segment of each processor, and how far behind it is; admin keys only. */
@RestController
@RequestMapping("/api/v1/admin/processors")
class ProcessorsController {

    private final NodeId self;
    private final ObjectProvider<SegmentBalancer> balancer;
    private final Supplier<Map<String, StreamingEventProcessor>> processors;
    private final Function<String, int[]> segmentsOf;
    private final ProcessorLag lag;

    ProcessorsController(NodeId self, ObjectProvider<SegmentBalancer> balancer,
                         ObjectProvider<EventProcessingConfiguration> processing, ProcessorLag lag) {
        this.self = self;
        this.balancer = balancer;
        this.processors = ClusterConfiguration.streamingProcessors(processing);
        this.segmentsOf = ClusterConfiguration.segmentsOf(processing);
        this.lag = lag;
    }

    @GetMapping
    Mono<ProcessorsReport> report() {
        return Mono.fromCallable(this::build).subscribeOn(Schedulers.boundedElastic());
    }

    private ProcessorsReport build() {
        SegmentBalancer cluster = balancer.getIfAvailable();
        List<Heartbeat> nodes = cluster != null && !cluster.view().isEmpty() ? cluster.view() : List.of(local());
        List<ProcessorsReport.Node> nodeReports = new ArrayList<>();
        Set<String> names = new TreeSet<>(processors.get().keySet());
        List<Heartbeat> live = new ArrayList<>();
        for (Heartbeat node : nodes) {
            boolean isLive = cluster == null || cluster.isLive(node);
            nodeReports.add(new ProcessorsReport.Node(node.node(), node.lastSeen(), isLive,
                                                      List.copyOf(new TreeSet<>(node.pins()))));
            if (isLive) {
                live.add(node);
                node.processors().forEach(holding -> names.add(holding.processor()));
            }
        }
        List<ProcessorsReport.Processor> processorReports = new ArrayList<>();
        for (String name : names) {
            Map<String, List<Integer>> holders = new TreeMap<>();
            Long slowest = null;
            for (Heartbeat node : live) {
                Holding holding = node.holding(name);
                if (holding != null && !holding.segments().isEmpty()) {
                    holders.put(node.node(), holding.segments());
                    if (holding.behind() != null) {
                        slowest = slowest == null ? holding.behind() : Math.max(slowest, holding.behind());
                    }
                }
            }
            processorReports.add(new ProcessorsReport.Processor(name, segmentsOf.apply(name).length,
                                                                holders, slowest));
        }
        return new ProcessorsReport(self.value(), nodeReports, processorReports);
    }

    private Heartbeat local() {
        List<Holding> holdings = new ArrayList<>();
        processors.get().forEach((name, processor) -> holdings.add(new Holding(
                name, List.copyOf(new TreeSet<>(processor.processingStatus().keySet())), lag.behind(name))));
        return new Heartbeat(self.value(), Instant.now(), Set.of(), holdings);
    }
}
