package dev.herald.command.web;

import dev.herald.api.ContactPoints;
import dev.herald.api.recipient.UpsertRecipientCommand;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Senders import recipients in bulk: each item is the {@link UpsertRecipientCommand} that
 * {@code PUT /api/v1/recipients/{recipientId}} sends, and is answered as that call would be, in the body. One bad
 * item fails alone with its problem document; the others are stored.
 */
@RestController
@RequestMapping("/api/v1/recipients")
class RecipientBatchController {

    static final int MAX_RECIPIENTS = 1_000;
    /**
     * Commands of one batch in flight at once: enough that they share the event store's flushes (group commit),
     * few enough that one batch leaves room on the command threads for other callers.
     */
    private static final int IN_FLIGHT = 16;

    private final CommandGateway commandGateway;
    private final CommandCalls calls;
    private final ItemProblems problems;

    RecipientBatchController(CommandGateway commandGateway, CommandCalls calls, ItemProblems problems) {
        this.commandGateway = commandGateway;
        this.calls = calls;
        this.problems = problems;
    }

    /** 200 with one result per recipient, in the order sent, once every item has its outcome. */
    @PutMapping
    Mono<RecipientBatchResponse> upsert(@RequestBody RecipientBatchRequest request) {
        List<RecipientBatchRequest.Item> items = RequestChecks.recipientBatch(request, MAX_RECIPIENTS);
        return Flux.fromIterable(items)
                   .flatMapSequential(this::upsert, IN_FLIGHT)
                   .collectList()
                   .map(RecipientBatchResponse::of);
    }

    private Mono<RecipientBatchResponse.Result> upsert(RecipientBatchRequest.Item item) {
        return Mono.defer(() -> {
            String id = RequestChecks.recipientId(item.recipientId());
            ContactPoints contactPoints = item.contactPoints().validated();
            return calls.<Boolean>send(() -> commandGateway.send(new UpsertRecipientCommand(id, contactPoints)))
                        .map(created -> RecipientBatchResponse.Result.succeeded(id, created));
        }).onErrorResume(failure -> Mono.just(
                RecipientBatchResponse.Result.failed(item.recipientId(), problems.of(failure))));
    }
}
