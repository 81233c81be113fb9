package dev.herald.query.inbox;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one batch of inbox events changes.
 *
 * @param placed       entries new to the inbox
 * @param changed      entries placed earlier whose flags changed, as they were read and as they are now
 * @param countChanges per recipient, the change of each category's counters (never zero)
 * @param pendingSaved scheduled entries to keep, as they are now
 * @param pendingGone  scheduled entries released or cancelled
 */
public record InboxWrites(List<InboxEntry> placed, List<FlagChange> changed,
                          Map<String, List<CategoryCounts>> countChanges, List<PendingInboxEntry> pendingSaved,
                          Set<String> pendingGone) {

    public boolean isEmpty() {
        return placed.isEmpty() && changed.isEmpty() && countChanges.isEmpty() && pendingSaved.isEmpty()
                && pendingGone.isEmpty();
    }

    /** An entry's flags before and after the batch. */
    public record FlagChange(InboxEntry before, InboxEntry after) {
    }
}
