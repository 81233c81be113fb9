package dev.herald.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoSocketException;
import com.mongodb.ServerAddress;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;

class ApiExceptionHandlerTest {

    /** What Axon Server answers the sender when the node handling its command disconnects. */
    private static final AxonServerException CONNECTION_LOST = new AxonServerException(
            "AXONIQ-4001", "Connection lost while executing command on: herald-node-a");

    @Test
    void aCommandLostWithItsNodeIsARetryable503() {
        ProblemDetail problem = ApiExceptionHandler.toProblem(CONNECTION_LOST);

        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getProperties()).containsEntry("code", "CONNECTION_LOST");
        assertThat(problem.getDetail()).contains("Idempotency-Key");
    }

    @Test
    void theLostConnectionIsFoundHoweverItIsWrapped() {
        assertThat(ApiExceptionHandler.toProblem(new CompletionException(CONNECTION_LOST)).getStatus())
                .isEqualTo(503);
        assertThat(ApiExceptionHandler.toProblem(
                new CommandExecutionException("remote failure", CONNECTION_LOST)).getStatus()).isEqualTo(503);
        assertThat(ApiExceptionHandler.toProblem(
                new IllegalStateException("store failed", new MongoSocketException("reset", new ServerAddress())))
                .getStatus()).isEqualTo(503);
    }

    @Test
    void aDispatchThatReachedNoHandlerIsARetryable503() {
        ProblemDetail problem = ApiExceptionHandler.toProblem(new CommandDispatchException("no route"));

        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getProperties()).containsEntry("code", "CONNECTION_LOST");
    }

    @Test
    void theAnswerTellsWhenToRetry() {
        MockServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/notifications"));

        ResponseEntity<ProblemDetail> answer = new ApiExceptionHandler().handle(CONNECTION_LOST, exchange).block();

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    }

    @Test
    void theFilterLevelAnswerTellsWhenToRetryToo() {
        MockServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/notifications"));

        new ProblemWebExceptionHandler().handle(exchange, CONNECTION_LOST).block();

        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    }

    @Test
    void aRefusedMethodOutsideAControllerSaysWhichMethodsAreAllowed() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/graphql"));
        MethodNotAllowedException refused = new MethodNotAllowedException(HttpMethod.GET, Set.of(HttpMethod.POST));

        new ProblemWebExceptionHandler().handle(exchange, refused).block();

        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(405);
        assertThat(exchange.getResponse().getHeaders().getAllow()).containsExactly(HttpMethod.POST);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"METHOD_NOT_ALLOWED\"");
    }

    @Test
    void otherAxonServerFailuresStayServerErrors() {
        ProblemDetail problem = ApiExceptionHandler.toProblem(
                new AxonServerException("AXONIQ-2001", "event payload too large"));

        assertThat(problem.getStatus()).isEqualTo(500);
    }

    @Test
    void domainFailuresKeepTheirOwnAnswer() {
        ProblemDetail problem = ApiExceptionHandler.toProblem(
                new HeraldException(ErrorCode.values()[0], "a rule was broken"));

        assertThat(problem.getStatus()).isBetween(400, 499);
    }
}
