package dev.herald.app.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the nodes of a cluster ({@code mongo} and {@code axon-server} profiles) find each other and share the event
 * processors' segments ({@code herald.cluster.*}).
 *
 * @param nodeId      this node's name in the token store and in {@value NodeHeartbeats#COLLECTION}; by default the
 *                    JVM's {@code pid@host} and a random suffix, so that two nodes never share one (a node that
 *                    restarts is a new node: its old claims expire after the token store's claim timeout)
 * @param heartbeat   how often a node records that it is alive and rebalances
 * @param nodeTimeout how long after its last heartbeat a node counts as gone, so that the others take over its
 *                    share; shorter than the token claim timeout (10 s), so that they are ready when its claims
 *                    expire. Node clocks must agree to well within this (NTP), as for Axon's claim timeout.
 */
@ConfigurationProperties("herald.cluster")
public record ClusterProperties(String nodeId,
                                @DefaultValue("PT2S") Duration heartbeat,
                                @DefaultValue("PT6S") Duration nodeTimeout) {
}
