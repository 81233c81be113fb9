package dev.herald.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ceiling 5b: the same load, from the same client, against {@link BareWebFluxServer} in its own process. What
 * Herald's web tier could do if handling a send, a read or a push cost nothing on this machine.
 */
final class BareCeiling {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    record Run(ClosedLoop.Result send, SequentialReads.Result read, SendToScreen.Run screen, double peakRssMib,
               double heapAfterGcMib) {
    }

    private BareCeiling() {
    }

    static Run run(BenchOptions options, Path workDir) {
        List<String> launch = BenchOptions.benchJar()
                .map(jar -> List.of("-jar", jar.toString()))
                .orElse(List.of("-cp", System.getProperty("java.class.path"), HeraldBench.class.getName()));
        ServerProcess server = ServerProcess.start("bare WebFlux server", launch, options.heraldJvmArgs(),
                                                   List.of(BareWebFluxServer.MODE, "--server.port={port}"),
                                                   BareWebFluxServer.READ, workDir.resolve("bare-server.log"),
                                                   START_TIMEOUT);
        try (HttpDriver http = new HttpDriver(server.port(), Math.max(options.clients(), 64),
                                              options.sseRecipients(), options.clientThreads(),
                                              Duration.ofSeconds(30))) {
            int recipients = options.recipients();
            byte[][] bodies = new byte[recipients][];
            for (int i = 0; i < recipients; i++) {
                bodies[i] = SendThroughput.body(HeraldInstance.recipientId(i));
            }
            String authorization = "ApiKey " + HeraldInstance.newAdminKey();
            ClosedLoop.Result send = ClosedLoop.run(options.clients(), options.warmup(), options.ceilingDuration(),
                    () -> http.post(BareWebFluxServer.SEND, authorization,
                                    bodies[ThreadLocalRandom.current().nextInt(recipients)]),
                    202, reply -> { }, server);
            Progress.log("bare WebFlux: %,.0f sends/s, p50 %.2f ms, p99 %.2f ms, client %.0f us CPU per request",
                         send.okPerSecond(), send.latency().p50(), send.latency().p99(),
                         send.clientMicrosPerRequest());

            String bearer = "Bearer " + HeraldInstance.newAdminKey();
            SequentialReads.Result read = SequentialReads.measure(http, warmupReads(options), options.readRequests(),
                    i -> new SequentialReads.Request(BareWebFluxServer.READ, bearer, reply -> true));
            Progress.log("bare WebFlux: read p50 %.3f ms, p99 %.3f ms", read.latency().p50(), read.latency().p99());

            List<SendToScreen.Stream> streams = new ArrayList<>();
            for (int i = 0; i < options.sseRecipients(); i++) {
                String recipient = HeraldInstance.recipientId(i);
                streams.add(new SendToScreen.Stream(recipient, BareWebFluxServer.STREAM + "?recipient=" + recipient));
            }
            SendToScreen.Run screen = SendToScreen.measure(http, streams, BareWebFluxServer.RELAY, authorization,
                                                           options.latencyRate(), options.warmup(),
                                                           options.latencyDuration(), options.catchUpTimeout());
            Progress.log("bare WebFlux: send-to-screen p50 %.2f ms, p99 %.2f ms (%,d of %,d arrived)",
                         screen.screen().p50(), screen.screen().p99(), screen.arrived(), screen.scheduled());
            return new Run(send, read, screen, server.peakRssMib().orElse(Double.NaN),
                           server.heapAfterGcMib().orElse(Double.NaN));
        } finally {
            server.stop();
        }
    }

    static int warmupReads(BenchOptions options) {
        return Math.max(100, options.readRequests() / 5);
    }
}
