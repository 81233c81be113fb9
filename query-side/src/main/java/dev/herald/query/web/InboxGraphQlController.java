package dev.herald.query.web;

import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.inbox.FindInboxQuery;
import dev.herald.api.inbox.InboxItem;
import dev.herald.api.inbox.UnreadCount;
import dev.herald.api.inbox.WatchUnreadCountQuery;
import dev.herald.api.notification.ArchiveNotificationCommand;
import dev.herald.api.notification.MarkNotificationReadCommand;
import dev.herald.api.notification.MarkNotificationUnreadCommand;
import java.security.Principal;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The inbox over GraphQL ({@code graphql/schema.graphqls}). The principal comes from the security context; its
 * name is the recipient id. Failures become GraphQL errors (see {@link GraphQlErrors}).
 */
@Controller
class InboxGraphQlController {

    private final InboxActions actions;
    private final QueryGateway queryGateway;
    private final GatewayCalls calls;

    InboxGraphQlController(InboxActions actions, QueryGateway queryGateway, GatewayCalls calls) {
        this.actions = actions;
        this.queryGateway = queryGateway;
        this.calls = calls;
    }

    @QueryMapping
    Mono<NotificationConnection> notifications(@Argument Integer first, @Argument String after,
                                               @Argument Boolean unreadOnly, @Argument String category,
                                               @Argument Boolean archived, Principal principal) {
        int limit = RecipientInput.limit("first", first);
        String cursor = RecipientInput.cursor("after", after);
        String checkedCategory = RecipientInput.category("category", category);
        return actions.page(new FindInboxQuery(recipientId(principal), limit, cursor, Boolean.TRUE.equals(unreadOnly),
                                               checkedCategory, Boolean.TRUE.equals(archived)))
                .map(page -> NotificationConnection.of(page, cursor != null));
    }

    @QueryMapping
    Mono<InboxItem> notification(@Argument String id, Principal principal) {
        return actions.item(recipientId(principal), RecipientInput.notificationId(id));
    }

    @QueryMapping
    Mono<UnreadCount> unreadCount(Principal principal) {
        return actions.unreadCount(recipientId(principal));
    }

    @MutationMapping
    Mono<Boolean> markRead(@Argument String id, Principal principal) {
        return send(id, principal, MarkNotificationReadCommand::new);
    }

    @MutationMapping
    Mono<Boolean> markUnread(@Argument String id, Principal principal) {
        return send(id, principal, MarkNotificationUnreadCommand::new);
    }

    @MutationMapping
    Mono<Boolean> archive(@Argument String id, Principal principal) {
        return send(id, principal, ArchiveNotificationCommand::new);
    }

    @MutationMapping
    Mono<Integer> markAllRead(@Argument String category, Principal principal) {
        return actions.markAllRead(recipientId(principal), RecipientInput.category("category", category));
    }

    /** The current counts, then every change, from an Axon subscription query that ends with the subscription. */
    @SubscriptionMapping("unreadCount")
    Flux<UnreadCount> unreadCountChanges(Principal principal) {
        String recipientId = recipientId(principal);
        return Flux.using(
                () -> queryGateway.subscriptionQuery(new WatchUnreadCountQuery(recipientId), UnreadCount.class,
                                                     UnreadCount.class),
                result -> Flux.concat(calls.initial(result.initialResult()), result.updates())
                        .distinctUntilChanged(),
                SubscriptionQueryResult::close);
    }

    @SchemaMapping(typeName = "UnreadCount", field = "categories")
    List<CategoryUnread> categories(UnreadCount count) {
        return count.categories().entrySet().stream()
                .map(entry -> new CategoryUnread(entry.getKey(), entry.getValue().unread(), entry.getValue().total()))
                .toList();
    }

    private Mono<Boolean> send(String id, Principal principal, BiFunction<String, String, Object> command) {
        return actions.send(recipientId(principal), RecipientInput.notificationId(id), command).thenReturn(true);
    }

    /** The recipient a GraphQL request is for: its token's subject. */
    static String recipientId(Principal principal) {
        if (principal == null) {
            throw new HeraldException(ErrorCode.UNAUTHENTICATED, "a recipient token is required");
        }
        return principal.getName();
    }
}
