package dev.herald.command.web;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.recipient.CancelSubscriptionCommand;
import dev.herald.api.recipient.RenewSubscriptionCommand;
import dev.herald.api.recipient.UpsertRecipientCommand;
import dev.herald.command.recipient.Subscriptions;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Senders register recipients and manage their subscriptions. */
@RestController
@RequestMapping("/api/v1/recipients/{recipientId}")
class RecipientController {

    private final CommandGateway commandGateway;
    private final CommandCalls calls;

    RecipientController(CommandGateway commandGateway, CommandCalls calls) {
        this.commandGateway = commandGateway;
        this.calls = calls;
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
