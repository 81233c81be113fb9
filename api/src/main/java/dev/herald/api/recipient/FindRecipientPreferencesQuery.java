package dev.herald.api.recipient;

/**
 * A recipient's preferences as the Recipient's committed events have them; answers {@link RecipientPreferences},
 * or fails with RECIPIENT_NOT_FOUND.
 */
public record FindRecipientPreferencesQuery(String recipientId) {
}
