package dev.herald.api.recipient;

import static dev.herald.api.Checks.requireNonBlank;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets a recipient's preferences; answers them as recorded ({@link RecipientPreferences}). The recipient must exist.
 *
 * @param timeZone   an IANA zone id to replace the recipient's {@code timeZone} with (the one its contact points
 *                   carry), or null to keep it
 * @param quietHours the quiet hours, or null for none
 */
public record ChangePreferencesCommand(@TargetAggregateIdentifier String recipientId, String timeZone,
                                       QuietHours quietHours) {

    public ChangePreferencesCommand {
        requireNonBlank(recipientId, "recipientId");
    }
}
