package dev.herald.saga.delivery;

import static dev.herald.api.Channel.EMAIL;
import static dev.herald.api.Channel.SMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.saga.DeliveryProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2030-01-01T09:00:00Z");
    private static final Instant FAR_AWAY = NOW.plus(Duration.ofDays(1));
    private static final DeliveryProperties.Retry DEFAULTS = new DeliveryProperties.Retry(
            8, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(30), Map.of());

    private final List<Duration> bounds = new ArrayList<>();
    /** Records each bound it is asked for and picks the largest delay, so that the bounds themselves are visible. */
    private final Jitter largest = bound -> {
        bounds.add(bound);
        return bound;
    };

    @Test
    void delayBoundDoublesPerAttemptUpToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(DEFAULTS, Duration.ofMinutes(3), largest);

        for (int attempt = 1; attempt <= 8; attempt++) {
            policy.backoff(EMAIL, attempt);
        }

        assertThat(bounds).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                                           Duration.ofSeconds(80), Duration.ofSeconds(160), Duration.ofSeconds(320),
                                           Duration.ofMinutes(10), Duration.ofMinutes(10));
    }

    @Test
    void delayIsAFullJitterPickBetweenZeroAndTheBound() {
        RetryPolicy noDelay = new RetryPolicy(DEFAULTS, Duration.ofMinutes(3), bound -> Duration.ZERO);
        RetryPolicy half = new RetryPolicy(DEFAULTS, Duration.ofMinutes(3), bound -> bound.dividedBy(2));

        assertThat(noDelay.backoff(EMAIL, 3)).isZero();
        assertThat(half.backoff(EMAIL, 3)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void jitterOutsideTheBoundIsClamped() {
        RetryPolicy tooLong = new RetryPolicy(DEFAULTS, Duration.ofMinutes(3), bound -> bound.multipliedBy(5));
        RetryPolicy negative = new RetryPolicy(DEFAULTS, Duration.ofMinutes(3), bound -> Duration.ofSeconds(-1));

        assertThat(tooLong.backoff(EMAIL, 1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(negative.backoff(EMAIL, 1)).isZero();
    }

    @Test
    void uniformJitterStaysWithinTheBound() {
        Jitter uniform = Jitter.uniform();
        for (int i = 0; i < 1_000; i++) {
            assertThat(uniform.upTo(Duration.ofSeconds(3))).isBetween(Duration.ZERO, Duration.ofSeconds(3));
        }
        assertThat(uniform.upTo(Duration.ZERO)).isZero();
    }

    @Test
    void veryLateAttemptsStayAtTheMaximumWithoutOverflow() {
        RetryPolicy policy = new RetryPolicy(DEFAULTS, Duration.ofMinutes(3), largest);

        assertThat(policy.backoff(EMAIL, 64)).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.backoff(EMAIL, Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void nextAttemptIsDueAfterTheBackoff() {
        RetryPolicy policy = new RetryPolicy(DEFAULTS, Duration.ofMinutes(3), largest);

        assertThat(policy.nextAttemptAt(EMAIL, 2, null, NOW, FAR_AWAY)).contains(NOW.plusSeconds(20));
    }

    @Test
    void noAttemptFollowsTheLastOne() {
        RetryPolicy policy = new RetryPolicy(DEFAULTS, Duration.ofMinutes(3), largest);

        assertThat(policy.nextAttemptAt(EMAIL, 7, null, NOW, FAR_AWAY)).isPresent();
        assertThat(policy.nextAttemptAt(EMAIL, 8, null, NOW, FAR_AWAY)).isEmpty();
    }

    @Test
    void noAttemptIsDueAfterTheDeadline() {
        RetryPolicy policy = new RetryPolicy(DEFAULTS, Duration.ofMinutes(3), largest);
        Instant giveUpAt = policy.giveUpAt(EMAIL, NOW);

        assertThat(giveUpAt).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(policy.nextAttemptAt(EMAIL, 1, null, giveUpAt.minusSeconds(10), giveUpAt)).contains(giveUpAt);
        assertThat(policy.nextAttemptAt(EMAIL, 1, null, giveUpAt.minusSeconds(9), giveUpAt)).isEmpty();
    }

    @Test
    void retryAfterReplacesTheBackoffButNotTheDeadline() {
        RetryPolicy policy = new RetryPolicy(DEFAULTS, Duration.ofMinutes(3), largest);
        Instant giveUpAt = NOW.plus(Duration.ofMinutes(30));

        assertThat(policy.nextAttemptAt(EMAIL, 1, Duration.ofMinutes(7), NOW, giveUpAt))
                .contains(NOW.plus(Duration.ofMinutes(7)));
        assertThat(policy.nextAttemptAt(EMAIL, 1, Duration.ofMinutes(31), NOW, giveUpAt)).isEmpty();
        assertThat(bounds).isEmpty();
    }

    @Test
    void channelOverridesReplaceOnlyWhatTheySet() {
        DeliveryProperties.Retry retry = new DeliveryProperties.Retry(
                8, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(30),
                Map.of(SMS, new DeliveryProperties.RetryOverride(3, Duration.ofSeconds(2), null, null)));
        RetryPolicy policy = new RetryPolicy(retry, Duration.ofMinutes(3), largest);

        assertThat(policy.settings(SMS)).isEqualTo(new DeliveryProperties.RetrySettings(
                3, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofMinutes(30)));
        assertThat(policy.settings(EMAIL)).isEqualTo(new DeliveryProperties.RetrySettings(
                8, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(30)));
        assertThat(policy.backoff(SMS, 2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.nextAttemptAt(SMS, 3, null, NOW, FAR_AWAY)).isEmpty();
    }

    @Test
    void invalidSettingsAreRefusedAtStartup() {
        assertThatThrownBy(() -> new DeliveryProperties.Retry(0, Duration.ofSeconds(10), Duration.ofMinutes(10),
                                                              Duration.ofMinutes(30), Map.of()))
                .hasMessageContaining("max-attempts");
        assertThatThrownBy(() -> new DeliveryProperties.Retry(
                8, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(30),
                Map.of(SMS, new DeliveryProperties.RetryOverride(null, Duration.ZERO, null, null))))
                .hasMessageContaining("first-delay");
    }
}
