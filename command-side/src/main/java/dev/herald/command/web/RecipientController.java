package dev.herald.command.web;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.recipient.CancelSubscriptionCommand;
import dev.herald.api.recipient.ChangePreferencesCommand;
import dev.herald.api.recipient.FindRecipientPreferencesQuery;
import dev.herald.api.recipient.QuietHours;
import dev.herald.api.recipient.RecipientPreferences;
import dev.herald.api.recipient.RenewSubscriptionCommand;
import dev.herald.api.recipient.UpsertRecipientCommand;
import dev.herald.command.recipient.Subscriptions;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Senders register recipients and manage their subscriptions and preferences (quiet hours). */
@RestController
@RequestMapping("/api/v1/recipients/{recipientId}")
class RecipientController {

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final CommandCalls calls;

    RecipientController(CommandGateway commandGateway, QueryGateway queryGateway, CommandCalls calls) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.calls = calls;
    }

    /** The recipient's quiet hours and time zone, as the Recipient's committed events have them. */
    @GetMapping("/preferences")
    Mono<RecipientPreferences> preferences(@PathVariable String recipientId) {
        String id = RequestChecks.recipientId(recipientId);
        return calls.ask(() -> queryGateway.query(new FindRecipientPreferencesQuery(id), RecipientPreferences.class));
    }

    /** Sets the quiet hours (null: none) and, when given, the time zone; answers the preferences as recorded. */
    @PutMapping("/preferences")
    Mono<RecipientPreferences> changePreferences(@PathVariable String recipientId,
                                                 @RequestBody PreferencesRequest request) {
        String id = RequestChecks.recipientId(recipientId);
        String timeZone = RequestChecks.timeZone(request.timeZone());
        QuietHours quietHours = request.validatedQuietHours();
        return calls.send(() -> commandGateway.send(new ChangePreferencesCommand(id, timeZone, quietHours)));
    }

    /** 201 when this created the recipient, 200 when it replaced (or repeated) its contact points. */
    @PutMapping
    Mono<ResponseEntity<RecipientResponse>> upsert(@PathVariable String recipientId,
                                                   @RequestBody RecipientRequest request) {
        String id = RequestChecks.recipientId(recipientId);
        ContactPoints contactPoints = request.validated();
        return calls.<Boolean>send(() -> commandGateway.send(new UpsertRecipientCommand(id, contactPoints)))
                           .map(created -> ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                                                         .body(new RecipientResponse(id, created)));
    }

    @PostMapping("/subscriptions/cancel")
    Mono<SubscriptionResponse> cancel(@PathVariable String recipientId, @RequestBody SubscriptionRequest request) {
        String id = RequestChecks.recipientId(recipientId);
        String category = RequestChecks.subscriptionCategory(request.category());
        Set<Channel> channels = RequestChecks.channels(request.channels(), true);
        return calls.send(() -> commandGateway.send(new CancelSubscriptionCommand(id, category, channels)))
                           .then(Mono.fromSupplier(() -> new SubscriptionResponse(
                                   id, category, Subscriptions.channelsMeant(channels), false)));
    }

    @PostMapping("/subscriptions/renew")
    Mono<SubscriptionResponse> renew(@PathVariable String recipientId, @RequestBody SubscriptionRequest request) {
        String id = RequestChecks.recipientId(recipientId);
        String category = RequestChecks.subscriptionCategory(request.category());
        Set<Channel> channels = RequestChecks.channels(request.channels(), true);
        return calls.send(() -> commandGateway.send(new RenewSubscriptionCommand(id, category, channels)))
                           .then(Mono.fromSupplier(() -> new SubscriptionResponse(
                                   id, category, Subscriptions.channelsMeant(channels), true)));
    }
}
