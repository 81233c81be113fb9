package dev.herald.command.web;

import static dev.herald.command.HeraldMatchers.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.MatcherAssert.assertThat;

import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightRequestsTest {

    private final InFlightRequests inFlight = new InFlightRequests();

    @Test
    void aDuplicateWhileTheFirstIsRunningIsRefused() {
        CompletableFuture<String> first = new CompletableFuture<>();
        inFlight.exclusively("k", () -> first);

        assertThatThrownBy(() -> inFlight.exclusively("k", () -> CompletableFuture.completedFuture("second")))
                .isInstanceOfSatisfying(HeraldException.class,
                                        e -> assertThat(e, rejectedWith(ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT)));
        assertThat(inFlight.exclusively("other", () -> CompletableFuture.completedFuture("other"))).isDone();
    }

    @Test
    void theKeyIsFreeAgainOnceTheFirstCompletesEvenExceptionally() {
        CompletableFuture<String> first = new CompletableFuture<>();
        inFlight.exclusively("k", () -> first);
        first.completeExceptionally(new IllegalStateException("failed"));

        assertThat(inFlight.exclusively("k", () -> CompletableFuture.completedFuture("again"))).isCompletedWithValue(
                "again");
    }

    @Test
    void theKeyIsFreeAgainWhenDispatchFailsAtOnce() {
        assertThatThrownBy(() -> inFlight.exclusively("k", () -> {
            throw new IllegalStateException("no handler");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(inFlight.exclusively("k", () -> CompletableFuture.completedFuture("again"))).isDone();
    }
}
