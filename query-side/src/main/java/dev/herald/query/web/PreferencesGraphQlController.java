package dev.herald.query.web;

import dev.herald.api.recipient.ChangePreferencesCommand;
import dev.herald.api.recipient.FindRecipientPreferencesQuery;
import dev.herald.api.recipient.QuietHours;
import dev.herald.api.recipient.RecipientPreferences;
import java.security.Principal;
import java.time.format.DateTimeFormatter;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * The recipient's preferences over GraphQL: the same query, command, checks and answers as
 * {@code /api/v1/me/preferences} ({@link PreferencesController}), so both interfaces speak of them alike.
 */
@Controller
class PreferencesGraphQlController {

    private final QueryGateway queryGateway;
    private final CommandGateway commandGateway;
    private final GatewayCalls calls;

    PreferencesGraphQlController(QueryGateway queryGateway, CommandGateway commandGateway, GatewayCalls calls) {
        this.queryGateway = queryGateway;
        this.commandGateway = commandGateway;
        this.calls = calls;
    }

    @QueryMapping
    Mono<RecipientPreferences> preferences(Principal principal) {
        String recipientId = InboxGraphQlController.recipientId(principal);
        return calls.call(() -> queryGateway.query(new FindRecipientPreferencesQuery(recipientId),
                                                   RecipientPreferences.class));
    }

    @MutationMapping
    Mono<RecipientPreferences> setPreferences(@Argument String timeZone,
            @Argument PreferencesController.MyPreferencesRequest.QuietHoursRequest quietHours, Principal principal) {
        String recipientId = InboxGraphQlController.recipientId(principal);
        String checkedTimeZone = RecipientInput.timeZone("timeZone", timeZone);
        QuietHours checkedQuietHours = RecipientInput.quietHours(quietHours);
        return calls.call(() -> commandGateway.send(
                new ChangePreferencesCommand(recipientId, checkedTimeZone, checkedQuietHours)));
    }

    /** As the REST answer writes them: {@code 22:00:00}. */
    @SchemaMapping(typeName = "QuietHours", field = "start")
    String start(QuietHours quietHours) {
        return DateTimeFormatter.ISO_LOCAL_TIME.format(quietHours.start());
    }

    @SchemaMapping(typeName = "QuietHours", field = "end")
    String end(QuietHours quietHours) {
        return DateTimeFormatter.ISO_LOCAL_TIME.format(quietHours.end());
    }
}
