package dev.herald.query.subscription;

import dev.herald.query.projection.VersionedReadModel;

/** How each recipient's opt-outs are kept; {@link SubscriptionsProjection} decides what changes. */
public interface SubscriptionsStore extends VersionedReadModel {

    /** The recipient's opt-outs, {@link OptOuts#none()} when there are none. */
    OptOuts find(int version, String recipientId);

    /** Replaces the recipient's opt-outs with these (none removes the recipient). */
    void save(int version, String recipientId, OptOuts optOuts);
}
