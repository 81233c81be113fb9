package dev.herald.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import com.mongodb.MongoSocketException;
import com.mongodb.ServerAddress;
import dev.herald.api.ErrorCode;
import dev.herald.api.ErrorDetails;
import dev.herald.api.HeraldException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

class ApiErrorTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void aCodedFailureKeepsItsCodeLocallyAndAcrossTheBus(ErrorCode code) {
        HeraldException rejected = new HeraldException(code, "the rule");

        assertThat(ApiError.of(rejected)).isEqualTo(new ApiError(code, "the rule"));
        assertThat(ApiError.of(new CompletionException(rejected)).code()).isEqualTo(code);
        assertThat(ApiError.of(new CommandExecutionException("the rule", null, new ErrorDetails(code, "the rule"))))
                .isEqualTo(new ApiError(code, "the rule"));
        assertThat(ApiError.of(new CommandExecutionException("the rule", null,
                                                             Map.of("code", code.name(), "message", "the rule"))))
                .as("details that arrived as JSON from another node").isEqualTo(new ApiError(code, "the rule"));
        assertThat(ApiError.of(rejected).status()).isEqualTo(code.httpStatus());
    }

    @Test
    void everyCodeHasAClientOrServerStatusAndAClassification() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.httpStatus()).as(code.name()).isBetween(400, 599);
            assertThat(HttpStatus.resolve(code.httpStatus())).as(code.name()).isNotNull();
            assertThat(code.classification()).as(code.name()).isNotNull();
        }
        assertThat(ErrorCode.INTERNAL_ERROR.httpStatus()).isEqualTo(500);
        assertThat(ErrorCode.IDEMPOTENCY_KEY_REUSED.httpStatus()).isEqualTo(422);
        assertThat(ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT.httpStatus()).isEqualTo(409);
    }

    @Test
    void badInputOfEveryKindIsAnInvalidRequestNamingWhatIsWrong() {
        assertThat(ApiError.of(new ServerWebInputException("limit: must be a whole number from 1 to 100")))
                .isEqualTo(new ApiError(ErrorCode.INVALID_REQUEST, "limit: must be a whole number from 1 to 100"));
        assertThat(ApiError.of(new IllegalArgumentException("recipientId: must not be blank")))
                .isEqualTo(new ApiError(ErrorCode.INVALID_REQUEST, "recipientId: must not be blank"));
        ApiError malformed = ApiError.of(new ServerWebInputException("Failed to read HTTP message", null,
                new DecodingException("JSON decoding error", new JsonParseException(null, "Unexpected end-of-input"))));
        assertThat(malformed.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(malformed.detail()).startsWith("malformed JSON: Unexpected end-of-input");
        assertThat(ApiError.of(new ResponseStatusException(HttpStatus.BAD_REQUEST, "nope")).code())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void springsRefusalsKeepTheirStatusUnderOneCodeEach() {
        assertThat(ApiError.of(new MethodNotAllowedException(HttpMethod.GET, Set.of(HttpMethod.POST))).code())
                .isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(ApiError.of(new UnsupportedMediaTypeStatusException(MediaType.TEXT_PLAIN,
                                                                       List.of(MediaType.APPLICATION_JSON))).code())
                .isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ApiError.of(new NotAcceptableStatusException(List.of(MediaType.APPLICATION_JSON))).code())
                .isEqualTo(ErrorCode.NOT_ACCEPTABLE);
        assertThat(ApiError.of(new ResponseStatusException(HttpStatus.NOT_FOUND, "no API key k1")))
                .isEqualTo(new ApiError(ErrorCode.NOT_FOUND, "no API key k1"));
        assertThat(ApiError.of(new ResponseStatusException(HttpStatus.CONFLICT, "a replay is running")).code())
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(ApiError.of(new ResponseStatusException(HttpStatus.UNAUTHORIZED)).code())
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(ApiError.of(new ResponseStatusException(HttpStatus.I_AM_A_TEAPOT)).code())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(ApiError.of(new DataBufferLimitException("too big")).code())
                .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(ApiError.of(new BadCredentialsException("expired")).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void timeoutsAreTimeoutsWhereverTheyAreRaised() {
        assertThat(ApiError.of(new TimeoutException("Did not observe any item")).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(ApiError.of(new ExecutionException(new TimeoutException())).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(ApiError.of(new HeraldException(ErrorCode.TIMEOUT, "no answer within 10000 ms")))
                .isEqualTo(new ApiError(ErrorCode.TIMEOUT, "no answer within 10000 ms"));
    }

    @Test
    void aFullCommandQueueIsOverloadHoweverTheBusWrapsIt() {
        RejectedExecutionException full = new RejectedExecutionException("Task rejected from herald-commands");

        assertThat(ApiError.of(full).code()).isEqualTo(ErrorCode.OVERLOADED);
        assertThat(ApiError.of(new IllegalStateException("dispatch failed", full)).code())
                .isEqualTo(ErrorCode.OVERLOADED);
        assertThat(ApiError.of(new CompletionException(full)).status()).isEqualTo(503);
    }

    @Test
    void aLostNodeOrStoreIsARetryableConnectionLoss() {
        AxonServerException lost = new AxonServerException("AXONIQ-4001", "Connection lost while executing command");

        assertThat(ApiError.of(lost).code()).isEqualTo(ErrorCode.CONNECTION_LOST);
        assertThat(ApiError.of(new CommandExecutionException("remote failure", lost)).code())
                .isEqualTo(ErrorCode.CONNECTION_LOST);
        assertThat(ApiError.of(new QueryExecutionException("remote failure", lost)).code())
                .isEqualTo(ErrorCode.CONNECTION_LOST);
        assertThat(ApiError.of(new CommandDispatchException("no route")).code()).isEqualTo(ErrorCode.CONNECTION_LOST);
        assertThat(ApiError.of(new IllegalStateException("store", new MongoSocketException("reset",
                                                                                          new ServerAddress()))).code())
                .isEqualTo(ErrorCode.CONNECTION_LOST);
        assertThat(ApiError.of(new NoHandlerForCommandException("none")).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(ApiError.of(new AxonServerException("AXONIQ-2001", "event payload too large")).code())
                .isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void aConflictingWriteIsAConcurrentModification() {
        assertThat(ApiError.of(new ConcurrencyException("sequence 3 taken")).code())
                .isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
    }

    @Test
    void anAggregateCreatedTwiceAtOnceIsAConcurrentModification() {
        assertThat(ApiError.of(new AggregateStreamCreationException("Cannot reuse aggregate identifier")).code())
                .isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
    }

    @Test
    void anythingElseIsAnInternalErrorThatShowsNothingOfIt() {
        ApiError error = ApiError.of(new NullPointerException("secret.internal.State"));

        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(error.isInternal()).isTrue();
        assertThat(error.detail()).doesNotContain("secret");
        assertThat(ApiError.of(new ResponseStatusException(HttpStatus.BAD_GATEWAY, "upstream secret")).detail())
                .doesNotContain("secret");
    }
}
