package dev.herald.api.digest;

import static dev.herald.api.Checks.requireNonBlank;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The window numbered {@code window} has closed: release it. A no-op when that window is already released (a
 * repeated deadline, a retried command) or was never opened.
 */
public record ReleaseDigestCommand(@TargetAggregateIdentifier String digestId, long window) {

    public ReleaseDigestCommand {
        requireNonBlank(digestId, "digestId");
    }
}
