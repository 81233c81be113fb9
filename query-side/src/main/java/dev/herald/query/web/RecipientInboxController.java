package dev.herald.query.web;

import dev.herald.api.inbox.FindInboxQuery;
import dev.herald.api.inbox.FindUnreadCountQuery;
import dev.herald.api.inbox.InboxPage;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.api.notification.ArchiveNotificationCommand;
import dev.herald.api.notification.MarkNotificationReadCommand;
import dev.herald.api.notification.MarkNotificationUnreadCommand;
import dev.herald.query.inbox.InboxCursor;
import dev.herald.query.inbox.InboxProjection;
import java.security.Principal;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * The recipient's own inbox. The principal's name is the recipient id; a notification of another recipient is
 * rejected by its aggregate (NOTIFICATION_NOT_FOUND), so this API never has to look it up first.
 */
@RestController
@RequestMapping("/api/v1/me")
class RecipientInboxController {

    static final int DEFAULT_LIMIT = 20;

    private final QueryGateway queryGateway;
    private final CommandGateway commandGateway;

    RecipientInboxController(QueryGateway queryGateway, CommandGateway commandGateway) {
        this.queryGateway = queryGateway;
        this.commandGateway = commandGateway;
    }

    @GetMapping("/notifications")
    Mono<InboxPage> inbox(@RequestParam(required = false) String limit,
                          @RequestParam(required = false) String cursor, Mono<Principal> principal) {
        int pageSize = parseLimit(limit);
        String checkedCursor = checkCursor(cursor);
        return recipientId(principal).flatMap(recipientId -> GatewayCalls.call(() -> queryGateway.query(
                new FindInboxQuery(recipientId, pageSize, checkedCursor), InboxPage.class)));
    }

    @GetMapping("/unread-count")
    Mono<UnreadCount> unreadCount(Mono<Principal> principal) {
        return recipientId(principal).flatMap(recipientId -> GatewayCalls.call(() -> queryGateway.query(
                new FindUnreadCountQuery(recipientId), UnreadCount.class)));
    }

    @PostMapping("/notifications/{id}/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> markRead(@PathVariable String id, Mono<Principal> principal) {
        return send(id, principal, MarkNotificationReadCommand::new);
    }

    @PostMapping("/notifications/{id}/unread")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> markUnread(@PathVariable String id, Mono<Principal> principal) {
        return send(id, principal, MarkNotificationUnreadCommand::new);
    }

    @PostMapping("/notifications/{id}/archive")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> archive(@PathVariable String id, Mono<Principal> principal) {
        return send(id, principal, ArchiveNotificationCommand::new);
    }

    private Mono<Void> send(String id, Mono<Principal> principal, BiFunction<String, String, Object> command) {
        String notificationId = checkId(id);
        return recipientId(principal)
                .flatMap(recipientId -> GatewayCalls.call(
                        () -> commandGateway.send(command.apply(notificationId, recipientId))))
                .then();
    }

    private static Mono<String> recipientId(Mono<Principal> principal) {
        return principal.map(Principal::getName)
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED)));
    }

    private static String checkId(String id) {
        if (id.isBlank()) {
            throw new ServerWebInputException("id: must not be blank");
        }
        return id;
    }

    private static int parseLimit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int parsed = Integer.parseInt(limit.strip());
            if (parsed >= 1 && parsed <= InboxProjection.MAX_LIMIT) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below like any other value out of range
        }
        throw new ServerWebInputException("limit: must be a whole number from 1 to " + InboxProjection.MAX_LIMIT);
    }

    private static String checkCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            InboxCursor.decode(cursor);
            return cursor;
        } catch (IllegalArgumentException e) {
            throw new ServerWebInputException("cursor: " + e.getMessage());
        }
    }
}
