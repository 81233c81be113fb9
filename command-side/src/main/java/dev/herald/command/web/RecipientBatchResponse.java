package dev.herald.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.springframework.http.ProblemDetail;

/**
 * What {@code PUT /api/v1/recipients} answers: one result per recipient, in the order they were sent, and how many
 * were created, updated (or repeated unchanged) and refused.
 */
record RecipientBatchResponse(int created, int updated, int failed, List<Result> results) {

    static RecipientBatchResponse of(List<Result> results) {
        int created = (int) results.stream().filter(result -> result.status() == 201).count();
        int failed = (int) results.stream().filter(result -> result.problem() != null).count();
        return new RecipientBatchResponse(created, results.size() - created - failed, failed, results);
    }

    /**
     * One recipient's outcome: {@code status} is what {@code PUT /api/v1/recipients/{recipientId}} would have
     * answered (201 created, 200 updated, or the error's status), with the problem document when it failed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(String recipientId, int status, Boolean created, ProblemDetail problem) {

        static Result succeeded(String recipientId, boolean created) {
            return new Result(recipientId, created ? 201 : 200, created, null);
        }

        static Result failed(String recipientId, ProblemDetail problem) {
            return new Result(recipientId, problem.getStatus(), null, problem);
        }
    }
}
