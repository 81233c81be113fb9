package dev.herald.query.web;

import dev.herald.api.recipient.ChangePreferencesCommand;
import dev.herald.api.recipient.FindRecipientPreferencesQuery;
import dev.herald.api.recipient.QuietHours;
import dev.herald.api.recipient.RecipientPreferences;
import java.security.Principal;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The recipient's own preferences: quiet hours and the time zone they are in. Both sides are answered by the
 * Recipient aggregate (a query handler that loads it, and the command), so a GET after a PUT shows the PUT.
 */
@RestController
@RequestMapping("/api/v1/me/preferences")
class PreferencesController {

    private final QueryGateway queryGateway;
    private final CommandGateway commandGateway;
    private final GatewayCalls calls;

    PreferencesController(QueryGateway queryGateway, CommandGateway commandGateway, GatewayCalls calls) {
        this.queryGateway = queryGateway;
        this.commandGateway = commandGateway;
        this.calls = calls;
    }

    @GetMapping
    Mono<RecipientPreferences> preferences(Mono<Principal> principal) {
        return RecipientInboxController.recipientId(principal).flatMap(recipientId -> calls.call(
                () -> queryGateway.query(new FindRecipientPreferencesQuery(recipientId), RecipientPreferences.class)));
    }

    /** Quiet hours {@code null} (or absent) means none; an absent {@code timeZone} keeps the recipient's. */
    @PutMapping
    Mono<RecipientPreferences> change(@RequestBody MyPreferencesRequest request, Mono<Principal> principal) {
        String timeZone = RecipientInput.timeZone("timeZone", request.timeZone());
        QuietHours quietHours = RecipientInput.quietHours(request.quietHours());
        return RecipientInboxController.recipientId(principal).flatMap(recipientId -> calls.call(
                () -> commandGateway.send(new ChangePreferencesCommand(recipientId, timeZone, quietHours))));
    }

    /** The body of {@code PUT /api/v1/me/preferences}. */
    record MyPreferencesRequest(String timeZone, QuietHoursRequest quietHours) {

        record QuietHoursRequest(String start, String end) {
        }
    }
}
