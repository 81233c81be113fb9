package dev.herald.query.web;

import dev.herald.api.Authorities;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.inbox.FindNotificationStatusQuery;
import dev.herald.api.inbox.NotificationStatus;
import java.security.Principal;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * A notification's delivery status for its sender. Another sender's notification answers exactly like an
 * unknown one, so that ids of other senders cannot be probed.
 */
@RestController
class NotificationStatusController {

    private final QueryGateway queryGateway;
    private final GatewayCalls calls;

    NotificationStatusController(QueryGateway queryGateway, GatewayCalls calls) {
        this.queryGateway = queryGateway;
        this.calls = calls;
    }

    @GetMapping("/api/v1/notifications/{id}")
    Mono<NotificationStatus> status(@PathVariable String id, Mono<Principal> principal) {
        return principal
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED)))
                .flatMap(caller -> calls.call(() -> queryGateway.query(
                                new FindNotificationStatusQuery(id),
                                ResponseTypes.optionalInstanceOf(NotificationStatus.class)))
                        .flatMap(Mono::justOrEmpty)
                        .filter(status -> mayRead(caller, status)))
                .switchIfEmpty(Mono.error(() -> new HeraldException(
                        ErrorCode.NOTIFICATION_NOT_FOUND, "notification '" + id + "' not found")));
    }

    private static boolean mayRead(Principal caller, NotificationStatus status) {
        if (caller.getName().equals(status.senderId())) {
            return true;
        }
        return caller instanceof Authentication authentication && authentication.getAuthorities().stream()
                .anyMatch(authority -> Authorities.ADMIN.equals(authority.getAuthority()));
    }
}
