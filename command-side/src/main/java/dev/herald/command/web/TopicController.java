package dev.herald.command.web;

import dev.herald.api.topic.AddTopicSubscribersCommand;
import dev.herald.api.topic.RemoveTopicSubscribersCommand;
import java.security.Principal;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Senders subscribe recipients to a topic and unsubscribe them, up to a thousand a call; each call is one command
 * and one event. The subscriber list is read on the query side ({@code GET} on the same path).
 */
@RestController
@RequestMapping("/api/v1/topics/{topic}/subscribers")
class TopicController {

    private final CommandGateway commandGateway;
    private final CommandCalls commandCalls;

    TopicController(CommandGateway commandGateway, CommandCalls commandCalls) {
        this.commandGateway = commandGateway;
        this.commandCalls = commandCalls;
    }

    @PutMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> subscribe(@PathVariable String topic, @RequestBody TopicSubscribersRequest request,
                         Mono<Principal> principal) {
        String key = RequestChecks.topic("topic", topic);
        List<String> recipients = RequestChecks.topicRecipients(checked(request).recipientIds());
        return authenticated(principal).then(commandCalls.send(
                () -> commandGateway.send(new AddTopicSubscribersCommand(key, recipients)))).then();
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> unsubscribe(@PathVariable String topic, @RequestBody TopicSubscribersRequest request,
                           Mono<Principal> principal) {
        String key = RequestChecks.topic("topic", topic);
        List<String> recipients = RequestChecks.topicRecipients(checked(request).recipientIds());
        return authenticated(principal).then(commandCalls.send(
                () -> commandGateway.send(new RemoveTopicSubscribersCommand(key, recipients)))).then();
    }

    private static TopicSubscribersRequest checked(TopicSubscribersRequest request) {
        if (request == null) {
            throw new ServerWebInputException("recipientIds: is required");
        }
        return request;
    }

    private static Mono<Principal> authenticated(Mono<Principal> principal) {
        return principal.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED)));
    }
}
