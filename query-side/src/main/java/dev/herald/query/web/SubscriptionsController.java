package dev.herald.query.web;

import dev.herald.api.Channel;
import dev.herald.api.inbox.FindSubscriptionsQuery;
import dev.herald.api.inbox.OptOut;
import dev.herald.api.inbox.RecipientSubscriptions;
import dev.herald.api.recipient.ReplaceOptOutsCommand;
import dev.herald.query.subscription.OptOuts;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * The recipient's own opt-outs. A PUT states the whole desired set in one command; the Recipient aggregate compares
 * it with its committed state and records the differences, so a concurrent change cannot slip in between reading
 * and writing, and the read model's lag plays no part.
 */
@RestController
@RequestMapping("/api/v1/me/subscriptions")
class SubscriptionsController {

    private static final String CHANNEL_NAMES = Arrays.stream(Channel.values()).map(Channel::name)
            .collect(Collectors.joining(", "));

    private final QueryGateway queryGateway;
    private final CommandGateway commandGateway;
    private final GatewayCalls calls;

    SubscriptionsController(QueryGateway queryGateway, CommandGateway commandGateway, GatewayCalls calls) {
        this.queryGateway = queryGateway;
        this.commandGateway = commandGateway;
        this.calls = calls;
    }

    @GetMapping
    Mono<RecipientSubscriptions> subscriptions(Mono<Principal> principal) {
        return RecipientInboxController.recipientId(principal).flatMap(this::current);
    }

    /** Answers with the opt-outs as recorded, which the read model shows once it has caught up. */
    @PutMapping
    Mono<RecipientSubscriptions> replace(@RequestBody SubscriptionsRequest request, Mono<Principal> principal) {
        List<OptOut> desired = checked(request);
        return RecipientInboxController.recipientId(principal).flatMap(recipientId -> calls.call(
                () -> commandGateway.send(new ReplaceOptOutsCommand(recipientId, desired))));
    }

    private Mono<RecipientSubscriptions> current(String recipientId) {
        return calls.call(() -> queryGateway.query(new FindSubscriptionsQuery(recipientId),
                                                          RecipientSubscriptions.class));
    }

    private static List<OptOut> checked(SubscriptionsRequest request) {
        if (request == null || request.optOuts() == null) {
            throw new ServerWebInputException("optOuts: is required (an empty list opts in to everything)");
        }
        List<OptOut> optOuts = new ArrayList<>();
        for (SubscriptionsRequest.Entry entry : request.optOuts()) {
            if (entry == null) {
                throw new ServerWebInputException("optOuts: must not contain null");
            }
            String category = OptOuts.EVERY_CATEGORY.equals(entry.category())
                    ? entry.category() : RecipientInput.category("optOuts.category", entry.category());
            if (category == null) {
                throw new ServerWebInputException("optOuts.category: is required (" + OptOuts.EVERY_CATEGORY
                                                  + " for every category)");
            }
            List<Channel> channels = new ArrayList<>();
            for (String name : entry.channels() == null ? List.<String>of() : entry.channels()) {
                channels.add(channel(name));
            }
            optOuts.add(new OptOut(category, channels));
        }
        return optOuts;
    }

    private static Channel channel(String name) {
        if (name != null) {
            for (Channel channel : Channel.values()) {
                if (channel.name().equalsIgnoreCase(name.strip())) {
                    return channel;
                }
            }
        }
        throw new ServerWebInputException("optOuts.channels: unknown channel '" + name + "', expected one of "
                                          + CHANNEL_NAMES);
    }
}
