package dev.herald.app.web;

import dev.herald.command.web.ItemProblems;
import dev.herald.query.web.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** An item of a batch request gets the problem document the same failure gets as a whole answer. */
@Component
class BatchItemProblems implements ItemProblems {

    private static final Logger log = LoggerFactory.getLogger(BatchItemProblems.class);

    @Override
    public ProblemDetail of(Throwable failure) {
        ApiError error = ApiError.of(failure);
        if (error.isInternal()) {
            log.error("an item of a batch request failed", failure);
        } else if (error.status() >= 500) {
            log.warn("an item of a batch request answered {}: {}", error.code(), failure.toString());
        }
        return Problems.of(error);
    }
}
