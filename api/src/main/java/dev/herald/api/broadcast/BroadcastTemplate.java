package dev.herald.api.broadcast;

import static dev.herald.api.Checks.requireNonBlank;

/**
 * The template a broadcast sends, pinned at acceptance: its key, the version that was current (or named) then, and
 * the locale the sender chose for everyone. The fan-out renders this version for each recipient.
 *
 * @param locale null to render in each recipient's own locale
 */
public record BroadcastTemplate(String key, int version, String locale) {

    public BroadcastTemplate {
        requireNonBlank(key, "key");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }
}
