package dev.herald.query.replay;

/**
 * A projection as an operator sees it.
 *
 * @param status          {@code LIVE}, or {@code REPLAYING} while a rebuild runs (the previous version answers)
 * @param position        the lowest event-stream position reached by the segments this node processes; null when
 *                        it processes none
 * @param head            the position of the newest event in the store; null when the store is empty
 * @param lag             {@code head - position}, or null when either is unknown
 * @param segments        how many of the processor's segments this node processes
 * @param servingVersion  the version of the read model that answers queries
 * @param buildingVersion the version a replay is filling, or null
 * @param error           the last processing error on this node, or null
 * @param replay          the latest replay, or null when there never was one
 */
public record ProjectionReport(String name, String status, Long position, Long head, Long lag, int segments,
                               int servingVersion, Integer buildingVersion, String error, ReplayProgress replay) {
}
