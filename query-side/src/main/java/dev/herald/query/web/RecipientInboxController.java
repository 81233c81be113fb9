package dev.herald.query.web;

import dev.herald.api.inbox.FindInboxQuery;
import dev.herald.api.inbox.InboxPage;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.api.notification.ArchiveNotificationCommand;
import dev.herald.api.notification.MarkNotificationReadCommand;
import dev.herald.api.notification.MarkNotificationUnreadCommand;
import java.security.Principal;
import java.util.function.BiFunction;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** The recipient's own inbox. The principal's name is the recipient id. */
@RestController
@RequestMapping("/api/v1/me")
class RecipientInboxController {

    private final InboxActions actions;

    RecipientInboxController(InboxActions actions) {
        this.actions = actions;
    }

    /**
     * @param unread   only unread notifications
     * @param category only this category
     * @param archived the archived notifications instead of the inbox
     */
    @GetMapping("/notifications")
    Mono<InboxPage> inbox(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
                          @RequestParam(required = false) String unread,
                          @RequestParam(required = false) String category,
                          @RequestParam(required = false) String archived, Mono<Principal> principal) {
        int pageSize = RecipientInput.limit("limit", limit);
        String checkedCursor = RecipientInput.cursor("cursor", cursor);
        boolean unreadOnly = RecipientInput.flag("unread", unread);
        String checkedCategory = RecipientInput.category("category", category);
        boolean archivedOnly = RecipientInput.flag("archived", archived);
        return recipientId(principal).flatMap(recipientId -> actions.page(new FindInboxQuery(
                recipientId, pageSize, checkedCursor, unreadOnly, checkedCategory, archivedOnly)));
    }

    @GetMapping("/unread-count")
    Mono<UnreadCount> unreadCount(Mono<Principal> principal) {
        return recipientId(principal).flatMap(actions::unreadCount);
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

    /** Every unread notification (of the category, if given) that the inbox shows, marked read. */
    @PostMapping("/notifications/read-all")
    Mono<MarkedAll> markAllRead(@RequestParam(required = false) String category, Mono<Principal> principal) {
        String checkedCategory = RecipientInput.category("category", category);
        return recipientId(principal)
                .flatMap(recipientId -> actions.markAllRead(recipientId, checkedCategory))
                .map(MarkedAll::new);
    }

    private Mono<Void> send(String id, Mono<Principal> principal, BiFunction<String, String, Object> command) {
        String notificationId = RecipientInput.notificationId(id);
        return recipientId(principal).flatMap(recipientId -> actions.send(recipientId, notificationId, command));
    }

    static Mono<String> recipientId(Mono<Principal> principal) {
        return principal.map(Principal::getName)
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED)));
    }
}
