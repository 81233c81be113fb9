package dev.herald.api.inbox;

import java.util.List;

/**
 * A recipient's opt-outs as recorded, one entry per category, sorted by category. Category {@code *} stands for
 * every category; a channel listed under {@code *} is opted out of every category, whatever else is listed.
 */
public record RecipientSubscriptions(String recipientId, List<OptOut> optOuts) {
}
