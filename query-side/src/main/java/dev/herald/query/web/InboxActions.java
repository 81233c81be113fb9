package dev.herald.query.web;

import dev.herald.api.inbox.FindInboxItemQuery;
import dev.herald.api.inbox.FindInboxQuery;
import dev.herald.api.inbox.FindUnreadCountQuery;
import dev.herald.api.inbox.FindUnreadNotificationIdsQuery;
import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.InboxPage;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.api.inbox.UnreadNotificationIds;
import dev.herald.api.notification.MarkNotificationReadCommand;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a recipient can do with their inbox, whichever API they use (REST or GraphQL). Input is already checked;
 * the recipient id is the caller's. A notification of another recipient is rejected by its aggregate
 * (NOTIFICATION_NOT_FOUND), so commands never need a lookup first.
 */
@Component
class InboxActions {

    /** Commands of one "read all" in flight at once: enough to hide latency, not enough to flood the bus. */
    static final int READ_ALL_CONCURRENCY = 8;

    private final QueryGateway queryGateway;
    private final CommandGateway commandGateway;
    private final GatewayCalls calls;

    InboxActions(QueryGateway queryGateway, CommandGateway commandGateway, GatewayCalls calls) {
        this.queryGateway = queryGateway;
        this.commandGateway = commandGateway;
        this.calls = calls;
    }

    Mono<InboxPage> page(FindInboxQuery query) {
        return calls.call(() -> queryGateway.query(query, InboxPage.class));
    }

    Mono<UnreadCount> unreadCount(String recipientId) {
        return calls.call(() -> queryGateway.query(new FindUnreadCountQuery(recipientId), UnreadCount.class));
    }

    Mono<InboxItem> item(String recipientId, String notificationId) {
        return calls.call(() -> queryGateway.query(new FindInboxItemQuery(recipientId, notificationId),
                                                          ResponseTypes.optionalInstanceOf(InboxItem.class)))
                .flatMap(Mono::justOrEmpty);
    }

    Mono<Void> send(String recipientId, String notificationId, BiFunction<String, String, Object> command) {
        return calls.call(() -> commandGateway.send(command.apply(notificationId, recipientId))).then();
    }

    /**
     * Marks every unread notification the read model knows of (of one category, or all), one command each; the
     * command is a no-op for one that is already read.
     *
     * @return how many were marked
     */
    Mono<Integer> markAllRead(String recipientId, String category) {
        return calls.call(() -> queryGateway.query(new FindUnreadNotificationIdsQuery(recipientId, category),
                                                          UnreadNotificationIds.class))
                .flatMap(unread -> Flux.fromIterable(unread.notificationIds())
                        .flatMap(id -> send(recipientId, id, MarkNotificationReadCommand::new), READ_ALL_CONCURRENCY)
                        .then(Mono.just(unread.notificationIds().size())));
    }
}
