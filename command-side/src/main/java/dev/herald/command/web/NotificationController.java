package dev.herald.command.web;

import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.broadcast.BroadcastState;
import dev.herald.api.broadcast.StartBroadcastCommand;
import dev.herald.api.broadcast.StartBroadcastResult;
import dev.herald.api.notification.CancelNotificationCommand;
import dev.herald.api.notification.NotificationState;
import dev.herald.api.notification.SendNotificationCommand;
import dev.herald.api.notification.SendNotificationResult;
import dev.herald.command.digest.DigestProperties;
import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Senders send notifications (to one recipient, or to the subscribers of topics) and cancel scheduled ones. The
 * sender is the authenticated principal.
 */
@RestController
@RequestMapping(NotificationController.NOTIFICATIONS)
class NotificationController {

    static final String NOTIFICATIONS = "/api/v1/notifications";
    static final String BROADCASTS = "/api/v1/broadcasts";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final CommandGateway commandGateway;
    private final InFlightRequests inFlightRequests;
    private final CommandCalls calls;
    private final TemplateRendering templates;
    private final Clock clock;
    private final DigestProperties digests;

    NotificationController(CommandGateway commandGateway, InFlightRequests inFlightRequests, CommandCalls calls,
                           TemplateRendering templates, ObjectProvider<Clock> clock, DigestProperties digests) {
        this.digests = digests;
        this.commandGateway = commandGateway;
        this.inFlightRequests = inFlightRequests;
        this.calls = calls;
        this.templates = templates;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /**
     * 202 with the notification's location; a repeat of an earlier request with the same Idempotency-Key answers
     * the same and says so in {@value #IDEMPOTENT_REPLAYED}. A templated send is rendered here, before the command,
     * so that a missing variable is refused with nothing stored.
     */
    @PostMapping
    Mono<ResponseEntity<Object>> send(
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestBody SendNotificationRequest request, Mono<Principal> principal) {
        String key = idempotencyKey == null ? null : RequestChecks.idempotencyKey(idempotencyKey);
        if (request.isBroadcast()) {
            return broadcast(key, request.validatedBroadcast(clock.instant()), principal);
        }
        NotificationContent content = request.validated(clock.instant());
        RequestChecks.digestWithin(content.digest(), digests);
        return senderOf(principal).flatMap(senderId -> {
            String notificationId = key == null
                    ? UUID.randomUUID().toString() : NotificationContent.notificationIdFor(senderId, key);
            Mono<SendNotificationCommand> command = content.template() == null
                    ? Mono.fromSupplier(() -> content.toCommand(notificationId, senderId))
                    : templates.forSend(content.template(), content.recipientId(), content.data())
                               .map(rendered -> content.toCommand(notificationId, senderId, rendered));
            return command.flatMap(send -> {
                Supplier<CompletableFuture<SendNotificationResult>> dispatch = () -> commandGateway.send(send);
                return calls.send(key == null
                        ? dispatch : () -> inFlightRequests.exclusively(notificationId, dispatch));
            });
        }).map(NotificationController::accepted);
    }

    /**
     * A send to topics answers 202 once the broadcast is stored; its fan-out runs afterwards (see
     * {@code GET /api/v1/broadcasts/{id}} for its progress). A templated one is checked first and pins the template
     * version it was checked with; each recipient's rendering happens during the fan-out.
     */
    private Mono<ResponseEntity<Object>> broadcast(String key, BroadcastRequestContent content,
                                                   Mono<Principal> principal) {
        return senderOf(principal).flatMap(senderId -> {
            String broadcastId = key == null
                    ? UUID.randomUUID().toString() : BroadcastRequestContent.broadcastIdFor(senderId, key);
            Mono<StartBroadcastCommand> command = content.content().template() == null
                    ? Mono.fromSupplier(() -> content.toCommand(broadcastId, senderId))
                    : templates.forBroadcast(content.content().template(), content.content().data())
                               .map(template -> content.toCommand(broadcastId, senderId, template.version()));
            return command.flatMap(start -> {
                Supplier<CompletableFuture<StartBroadcastResult>> dispatch = () -> commandGateway.send(start);
                return calls.send(key == null
                        ? dispatch : () -> inFlightRequests.exclusively(broadcastId, dispatch));
            });
        }).map(result -> {
            ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(URI.create(BROADCASTS + "/" + result.broadcastId()));
            if (result.repeated()) {
                response.header(IDEMPOTENT_REPLAYED, "true");
            }
            return response.body(new BroadcastResponse(result.broadcastId(), BroadcastState.RUNNING));
        });
    }

    private static ResponseEntity<Object> accepted(SendNotificationResult result) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.ACCEPTED)
                                                            .location(URI.create(NOTIFICATIONS + "/"
                                                                                 + result.notificationId()));
        if (result.repeated()) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        }
        return response.body(new NotificationResponse(result.notificationId(), result.status()));
    }

    /** Only while the notification is scheduled and its send time has not come; a repeat answers the same. */
    @PostMapping("/{notificationId}/cancel")
    Mono<NotificationResponse> cancel(@PathVariable String notificationId, Mono<Principal> principal) {
        if (!RequestChecks.isNotificationId(notificationId)) {
            throw new HeraldException(ErrorCode.NOTIFICATION_NOT_FOUND,
                                      "notification '" + notificationId + "' not found");
        }
        String id = notificationId.toLowerCase(Locale.ROOT);
        return senderOf(principal)
                .flatMap(senderId -> calls.send(
                        () -> commandGateway.send(new CancelNotificationCommand(id, senderId))))
                .then(Mono.fromSupplier(() -> new NotificationResponse(id, NotificationState.CANCELLED)));
    }

    private static Mono<String> senderOf(Mono<Principal> principal) {
        return principal.map(Principal::getName)
                        .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED)));
    }
}
