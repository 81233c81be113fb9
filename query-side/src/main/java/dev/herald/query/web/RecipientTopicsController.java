package dev.herald.query.web;

import dev.herald.api.topic.FindRecipientTopicsQuery;
import dev.herald.api.topic.RecipientTopics;
import dev.herald.api.topic.RemoveTopicSubscribersCommand;
import java.security.Principal;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A recipient's own topics: list them, and leave one (a {@code 204} whether or not it was subscribed; the list
 * shows the change once the topic's event is projected).
 */
@RestController
@RequestMapping("/api/v1/me/topics")
class RecipientTopicsController {

    private final QueryGateway queryGateway;
    private final CommandGateway commandGateway;
    private final GatewayCalls calls;

    RecipientTopicsController(QueryGateway queryGateway, CommandGateway commandGateway, GatewayCalls calls) {
        this.queryGateway = queryGateway;
        this.commandGateway = commandGateway;
        this.calls = calls;
    }

    @GetMapping
    Mono<RecipientTopics> topics(Mono<Principal> principal) {
        return RecipientInboxController.recipientId(principal).flatMap(recipientId -> calls.call(
                () -> queryGateway.query(new FindRecipientTopicsQuery(recipientId), RecipientTopics.class)));
    }

    @DeleteMapping("/{topic}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> leave(@PathVariable String topic, Mono<Principal> principal) {
        String key = TopicsController.topicKey(topic);
        return RecipientInboxController.recipientId(principal).flatMap(recipientId -> calls.call(
                () -> commandGateway.send(new RemoveTopicSubscribersCommand(key, List.of(recipientId))))).then();
    }
}
