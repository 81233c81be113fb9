package dev.herald.command.web;

import dev.herald.api.ContactPoints;
import java.util.List;

/** The body of {@code PUT /api/v1/recipients/{recipientId}}: the complete contact points, replacing the old ones. */
record RecipientRequest(String email, String phone, List<String> pushTokens, String webhookUrl, String locale,
                        String timeZone) {

    ContactPoints validated() {
        return new ContactPoints(RequestChecks.email(email), RequestChecks.phone(phone),
                                 RequestChecks.pushTokens(pushTokens), RequestChecks.webhookUrl(webhookUrl),
                                 RequestChecks.locale(locale), RequestChecks.timeZone(timeZone));
    }
}
