package dev.herald.query.web;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;
import org.springframework.stereotype.Component;

/**
 * Turns every failure of a query, mutation or subscription into a GraphQL error with a classification and an
 * {@code extensions.code}, never a transport-level 500. CONFLICT and UNAVAILABLE are classifications of Herald's
 * own, next to Spring's {@link ErrorType}s.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

    @Override
    protected GraphQLError resolveToSingleError(Throwable failure, DataFetchingEnvironment environment) {
        return error(failure, GraphqlErrorBuilder.newError(environment));
    }

    static GraphQLError error(Throwable failure, GraphqlErrorBuilder<?> builder) {
        Failures classified = Failures.of(failure);
        if (classified.isInternal()) {
            log.error("GraphQL request failed", failure);
        }
        return builder.errorType(classification(classified.kind()))
                .message(classified.message())
                .extensions(Map.of("code", classified.code()))
                .build();
    }

    private static ErrorClassification classification(Failures.Kind kind) {
        return switch (kind) {
            case BAD_REQUEST -> ErrorType.BAD_REQUEST;
            case UNAUTHORIZED -> ErrorType.UNAUTHORIZED;
            case FORBIDDEN -> ErrorType.FORBIDDEN;
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case CONFLICT -> ErrorClassification.errorClassification("CONFLICT");
            case UNAVAILABLE -> ErrorClassification.errorClassification("UNAVAILABLE");
            case INTERNAL -> ErrorType.INTERNAL_ERROR;
        };
    }

    /** The same classification for errors that end a subscription's stream. */
    @Component
    static class OfSubscriptions extends SubscriptionExceptionResolverAdapter {

        @Override
        protected GraphQLError resolveToSingleError(Throwable failure) {
            return error(failure, GraphqlErrorBuilder.newError());
        }
    }
}
