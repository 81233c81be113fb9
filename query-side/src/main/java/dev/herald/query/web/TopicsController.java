package dev.herald.query.web;

import dev.herald.api.Authorities;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.broadcast.BroadcastStatus;
import dev.herald.api.broadcast.FindBroadcastQuery;
import dev.herald.api.topic.FindTopicSubscribersQuery;
import dev.herald.api.topic.TopicSubscribersPage;
import dev.herald.query.topic.TopicsProjection;
import java.security.Principal;
import java.util.regex.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Senders page through a topic's subscribers and follow their broadcasts. Topics are one namespace for every
 * sender; a broadcast is visible to its sender and to admins only, and another sender's answers like an unknown one.
 */
@RestController
class TopicsController {

    static final int DEFAULT_PAGE = 100;
    private static final Pattern RECIPIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");

    private final QueryGateway queryGateway;
    private final GatewayCalls calls;

    TopicsController(QueryGateway queryGateway, GatewayCalls calls) {
        this.queryGateway = queryGateway;
        this.calls = calls;
    }

    /** {@code after} is the {@code next} of the previous page. */
    @GetMapping("/api/v1/topics/{topic}/subscribers")
    Mono<TopicSubscribersPage> subscribers(@PathVariable String topic, @RequestParam(required = false) String after,
                                           @RequestParam(required = false) String limit) {
        String key = topicKey(topic);
        if (after != null && !RECIPIENT_ID.matcher(after).matches()) {
            throw new ServerWebInputException("after: must be a recipient id, the next of the previous page");
        }
        int pageSize = pageSize(limit);
        return calls.call(() -> queryGateway.query(new FindTopicSubscribersQuery(key, after, pageSize),
                                                          TopicSubscribersPage.class));
    }

    @GetMapping("/api/v1/broadcasts/{id}")
    Mono<BroadcastStatus> broadcast(@PathVariable String id, Mono<Principal> principal) {
        return principal
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED)))
                .flatMap(caller -> calls.call(() -> queryGateway.query(
                                new FindBroadcastQuery(id), ResponseTypes.optionalInstanceOf(BroadcastStatus.class)))
                        .flatMap(Mono::justOrEmpty)
                        .filter(status -> mayRead(caller, status.senderId())))
                .switchIfEmpty(Mono.error(() -> new HeraldException(
                        ErrorCode.BROADCAST_NOT_FOUND, "broadcast '" + id + "' not found")));
    }

    static String topicKey(String topic) {
        if (topic == null || !RecipientInput.CATEGORY.matcher(topic).matches()) {
            throw new ServerWebInputException("topic: must match " + RecipientInput.CATEGORY.pattern());
        }
        return topic;
    }

    private static int pageSize(String limit) {
        if (limit == null) {
            return DEFAULT_PAGE;
        }
        try {
            int size = Integer.parseInt(limit.strip());
            if (size >= 1 && size <= TopicsProjection.MAX_PAGE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below like any other value out of range
        }
        throw new ServerWebInputException("limit: must be a whole number from 1 to " + TopicsProjection.MAX_PAGE);
    }

    private static boolean mayRead(Principal caller, String senderId) {
        if (caller.getName().equals(senderId)) {
            return true;
        }
        return caller instanceof Authentication authentication && authentication.getAuthorities().stream()
                .anyMatch(authority -> Authorities.ADMIN.equals(authority.getAuthority()));
    }
}
