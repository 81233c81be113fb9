package dev.herald.api;

/**
 * An event about one recipient's data. Projections that must apply a recipient's events in order use this to
 * sequence them by recipient, whatever aggregate they came from.
 */
public interface RecipientScoped {

    String recipientId();
}
