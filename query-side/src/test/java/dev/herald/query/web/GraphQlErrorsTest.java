package dev.herald.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ErrorCode;
import dev.herald.api.ErrorDetails;
import dev.herald.api.HeraldException;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.InvalidSyntaxError;
import graphql.language.SourceLocation;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.web.server.ServerWebInputException;

class GraphQlErrorsTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCodeReachesAGraphQlClientWithItsClassification(ErrorCode code) {
        Map<String, Object> local = extensions(GraphQlErrors.error(new HeraldException(code, "the rule"),
                                                                   GraphqlErrorBuilder.newError()));
        Map<String, Object> remote = extensions(GraphQlErrors.error(
                new CommandExecutionException("the rule", null, new ErrorDetails(code, "the rule")),
                GraphqlErrorBuilder.newError()));

        assertThat(local).containsEntry("code", code.name())
                .containsEntry("classification", code.classification().name());
        assertThat(remote).isEqualTo(local);
    }

    @Test
    void theMessageIsTheSameDetailARestClientReads() {
        ServerWebInputException tooMany = new ServerWebInputException("first: must be a whole number from 1 to 100");

        GraphQLError error = GraphQlErrors.error(tooMany, GraphqlErrorBuilder.newError());

        assertThat(error.getMessage()).isEqualTo(ApiError.of(tooMany).detail());
        assertThat(extensions(error)).containsEntry("code", "INVALID_REQUEST").containsEntry("classification",
                                                                                             "BAD_REQUEST");
    }

    @Test
    void aFullCommandQueueIsOverloadedNotAnInternalError() {
        assertThat(extensions(GraphQlErrors.error(new RejectedExecutionException("full"),
                                                  GraphqlErrorBuilder.newError())))
                .containsEntry("code", "OVERLOADED").containsEntry("classification", "UNAVAILABLE");
    }

    @Test
    void graphQlJavasOwnRefusalsOfTheDocumentAreInvalidRequests() {
        GraphQLError missingArgument = ValidationError.newValidationError()
                .validationErrorType(ValidationErrorType.MissingFieldArgument)
                .description("Missing field argument 'id'")
                .sourceLocation(new SourceLocation(1, 12))
                .build();

        GraphQLError coded = GraphQlErrors.withCode(missingArgument);

        assertThat(extensions(coded)).containsEntry("code", "INVALID_REQUEST")
                .containsEntry("classification", "BAD_REQUEST");
        assertThat(coded.getMessage()).isEqualTo(missingArgument.getMessage());
        assertThat(coded.getLocations()).isEqualTo(missingArgument.getLocations());
        assertThat(extensions(GraphQlErrors.withCode(new InvalidSyntaxError(new SourceLocation(1, 24), "bad token"))))
                .containsEntry("code", "INVALID_REQUEST");
    }

    @Test
    void anErrorThatAlreadyHasACodeKeepsIt() {
        GraphQLError resolved = GraphQlErrors.error(new HeraldException(ErrorCode.NOTIFICATION_NOT_FOUND, "gone"),
                                                    GraphqlErrorBuilder.newError());

        assertThat(GraphQlErrors.withCode(resolved)).isSameAs(resolved);
    }

    @Test
    void anUncodedErrorOfAnyOtherKindIsHeraldsOwnFault() {
        GraphQLError unknown = GraphqlErrorBuilder.newError().message("null in a non-null field")
                .errorType(ErrorType.DataFetchingException).path(List.of("notifications")).build();

        GraphQLError coded = GraphQlErrors.withCode(unknown);

        assertThat(extensions(coded)).containsEntry("code", "INTERNAL_ERROR")
                .containsEntry("classification", "INTERNAL_ERROR");
        assertThat(coded.getPath()).isEqualTo(List.of("notifications"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> extensions(GraphQLError error) {
        return (Map<String, Object>) error.toSpecification().get("extensions");
    }
}
