package dev.herald.app.cluster;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** This node's name, the same in the token store's claims and in the node heartbeats. */
public record NodeId(String value) {

    public static NodeId of(String configured) {
        if (configured != null && !configured.isBlank()) {
            return new NodeId(configured);
        }
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        return new NodeId(ManagementFactory.getRuntimeMXBean().getName() + "-" + HexFormat.of().formatHex(suffix));
    }

    @Override
    public String toString() {
        return value;
    }
}
