package dev.herald.query.web;

import dev.herald.api.ErrorCode;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every GraphQL error carries Herald's {@link ErrorCode} as {@code extensions.code} and the code's classification
 * as {@code extensions.classification}, the same code a REST call with the same cause answers: failures of a query,
 * mutation or subscription through {@link ApiError}, and the errors GraphQL Java reports before any data is fetched
 * (a syntax error, a missing argument) as {@code INVALID_REQUEST}. Never a transport-level 500.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

    @Override
    protected GraphQLError resolveToSingleError(Throwable failure, DataFetchingEnvironment environment) {
        return error(failure, GraphqlErrorBuilder.newError(environment));
    }

    static GraphQLError error(Throwable failure, GraphqlErrorBuilder<?> builder) {
        ApiError error = ApiError.of(failure);
        if (error.isInternal()) {
            log.error("GraphQL request failed", failure);
        }
        return builder.errorType(classification(error.code()))
                .message(error.detail())
                .extensions(Map.of("code", error.code().name()))
                .build();
    }

    /** Spring for GraphQL's {@code ErrorType} where it has the name, Herald's own otherwise (same text). */
    static ErrorClassification classification(ErrorCode code) {
        String name = code.classification().name();
        for (org.springframework.graphql.execution.ErrorType known
                : org.springframework.graphql.execution.ErrorType.values()) {
            if (known.name().equals(name)) {
                return known;
            }
        }
        return ErrorClassification.errorClassification(name);
    }

    /**
     * The code of an error that no resolver made: GraphQL Java's own refusals of the document are bad input; a
     * Spring {@code ErrorType} keeps its meaning; anything else (a null in a non-null field) is Herald's fault.
     */
    static ErrorCode codeOf(GraphQLError error) {
        ErrorClassification classification = error.getErrorType();
        if (classification == ErrorType.InvalidSyntax || classification == ErrorType.ValidationError
                || classification == ErrorType.OperationNotSupported) {
            return ErrorCode.INVALID_REQUEST;
        }
        if (classification instanceof org.springframework.graphql.execution.ErrorType type) {
            return switch (type) {
                case BAD_REQUEST -> ErrorCode.INVALID_REQUEST;
                case UNAUTHORIZED -> ErrorCode.UNAUTHENTICATED;
                case FORBIDDEN -> ErrorCode.FORBIDDEN;
                case NOT_FOUND -> ErrorCode.NOT_FOUND;
                case INTERNAL_ERROR -> ErrorCode.INTERNAL_ERROR;
            };
        }
        return ErrorCode.INTERNAL_ERROR;
    }

    /** Gives a code to the errors of a response that have none, keeping their message, locations and path. */
    static GraphQLError withCode(GraphQLError error) {
        Map<String, Object> extensions = error.getExtensions() == null ? Map.of() : error.getExtensions();
        if (extensions.get("code") instanceof String) {
            return error;
        }
        ErrorCode code = codeOf(error);
        Map<String, Object> coded = new LinkedHashMap<>(extensions);
        coded.put("code", code.name());
        return GraphqlErrorBuilder.newError()
                .message(error.getMessage())
                .locations(error.getLocations())
                .path(error.getPath())
                .errorType(classification(code))
                .extensions(coded)
                .build();
    }

    /** The same for errors that end a subscription's stream. */
    @Component
    static class OfSubscriptions extends SubscriptionExceptionResolverAdapter {

        @Override
        protected GraphQLError resolveToSingleError(Throwable failure) {
            return error(failure, GraphqlErrorBuilder.newError());
        }
    }

    /** The errors GraphQL Java reports itself, before or instead of calling a data fetcher. */
    @Component
    static class OfDocuments implements WebGraphQlInterceptor {

        @Override
        public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
            return chain.next(request).map(response -> {
                if (response.getErrors().isEmpty()) {
                    return response;
                }
                List<GraphQLError> coded = response.getExecutionResult().getErrors().stream()
                        .map(GraphQlErrors::withCode).toList();
                return response.transform(builder -> builder.errors(coded));
            });
        }
    }
}
