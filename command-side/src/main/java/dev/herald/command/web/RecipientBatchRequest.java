package dev.herald.command.web;

import java.util.List;

/** The body of {@code PUT /api/v1/recipients}: recipients to create or update, each with all its contact points. */
record RecipientBatchRequest(List<Item> recipients) {

    /** One recipient: its id and the fields of {@code PUT /api/v1/recipients/{recipientId}}. */
    record Item(String recipientId, String email, String phone, List<String> pushTokens, String webhookUrl,
                String locale, String timeZone) {

        RecipientRequest contactPoints() {
            return new RecipientRequest(email, phone, pushTokens, webhookUrl, locale, timeZone);
        }
    }
}
