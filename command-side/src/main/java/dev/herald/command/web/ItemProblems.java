package dev.herald.command.web;

import org.springframework.http.ProblemDetail;

/**
 * The problem document a failure gets as the whole answer to a request, for a request that answers many items at
 * once and reports each item's failure in its body. The app implements it with the one mapping every error goes
 * through, so a bad item of a batch gets the same {@code code} and status as the same input sent alone.
 */
public interface ItemProblems {

    ProblemDetail of(Throwable failure);
}
