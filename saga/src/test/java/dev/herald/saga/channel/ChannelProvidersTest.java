package dev.herald.saga.channel;

import static dev.herald.saga.SagaTestMessages.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.Channel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChannelProvidersTest {

    private static final Duration WAIT_IN_OPEN = Duration.ofSeconds(30);

    private final MovableClock clock = new MovableClock();
    private final AtomicLong nanoTime = new AtomicLong();
    private final ScriptedProvider primary = new ScriptedProvider();
    private final ScriptedProvider secondary = new ScriptedProvider();
    private final CircuitBreaker primaryBreaker = breaker("email.primary");
    private final CircuitBreaker secondaryBreaker = breaker("email.secondary");
    private final ChannelProviders providers = new ChannelProviders(Channel.EMAIL, List.of(
            new ChannelProviders.Provider("primary", primary, primaryBreaker, null),
            new ChannelProviders.Provider("secondary", secondary, secondaryBreaker, null)), "settings");

    private CircuitBreaker breaker(String name) {
        return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .waitDurationInOpenState(WAIT_IN_OPEN)
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .build());
    }

    @Test
    void attemptsGoToTheFirstProviderWhileItsBreakerIsClosed() {
        assertThat(deliverOnce()).isEqualTo("primary");
        assertThat(deliverOnce()).isEqualTo("primary");
        assertThat(secondary.requests).isEmpty();
    }

    @Test
    void repeatedRetryableFailuresOpenTheBreakerAndAttemptsGoToTheNextProvider() {
        primary.outcome = DeliveryOutcome.retryable("cannot reach smtp://primary");

        List<String> used = List.of(deliverOnce(), deliverOnce(), deliverOnce(), deliverOnce());

        assertThat(used).containsExactly("primary", "primary", "secondary", "secondary");
        assertThat(primaryBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(secondary.requests).extracting(DeliveryRequest::idempotencyKey)
                                      .containsOnly(primary.requests.get(0).idempotencyKey());
    }

    @Test
    void whenTheWaitIsOverOneAttemptTriesTheFirstProviderAgainAndItsSuccessClosesTheBreaker() {
        primary.outcome = DeliveryOutcome.retryable("cannot reach smtp://primary");
        deliverOnce();
        deliverOnce();
        primary.outcome = DeliveryOutcome.delivered();

        assertThat(deliverOnce()).isEqualTo("secondary");
        clock.advance(WAIT_IN_OPEN.plusSeconds(1));

        assertThat(deliverOnce()).isEqualTo("primary");
        assertThat(primaryBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(deliverOnce()).isEqualTo("primary");
    }

    @Test
    void permanentFailuresAreTheRecipientsAndDoNotOpenTheBreaker() {
        primary.outcome = DeliveryOutcome.permanent("SMTP 550: no such user");

        deliverOnce();
        deliverOnce();
        deliverOnce();

        assertThat(primaryBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(secondary.requests).isEmpty();
    }

    @Test
    void whenEveryBreakerIsOpenTheFirstProviderIsStillTried() {
        primary.outcome = DeliveryOutcome.retryable("down");
        secondary.outcome = DeliveryOutcome.retryable("down too");
        deliverOnce();
        deliverOnce();
        deliverOnce();
        deliverOnce();
        assertThat(secondaryBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThat(deliverOnce()).isEqualTo("primary");
    }

    @Test
    void aProviderAtItsCapBeyondItsMaxWaitPassesTheAttemptToTheNext() {
        RateCap onePerHour = new RateCap(1, Duration.ofHours(1), Duration.ZERO, nanoTime::get);
        ChannelProviders limited = new ChannelProviders(Channel.EMAIL, List.of(
                new ChannelProviders.Provider("primary", primary, primaryBreaker, onePerHour),
                new ChannelProviders.Provider("secondary", secondary, secondaryBreaker, null)), "settings");

        choose(limited).deliver(request(Channel.EMAIL, 1));
        ChannelProviders.Choice next = choose(limited);

        assertThat(next.providerName()).isEqualTo("secondary");
    }

    @Test
    void aProviderWhoseRoomComesWithinItsMaxWaitHoldsTheAttempt() throws InterruptedException {
        RateCap onePerSecond = new RateCap(1, Duration.ofSeconds(1), Duration.ofSeconds(2), nanoTime::get);
        ChannelProviders limited = new ChannelProviders(Channel.EMAIL, List.of(
                new ChannelProviders.Provider("primary", primary, primaryBreaker, onePerSecond),
                new ChannelProviders.Provider("secondary", secondary, secondaryBreaker, null)), "settings");
        limited.awaitChoice(Duration.ZERO).deliver(request(Channel.EMAIL, 1));

        assertThat(limited.awaitChoice(Duration.ZERO)).isNull();
        nanoTime.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(limited.awaitChoice(Duration.ZERO).providerName()).isEqualTo("primary");
        assertThat(secondary.requests).isEmpty();
    }

    @Test
    void anAttemptWaitsForTheCapInsteadOfFailingAndTakesNothingWhileItWaits() throws Exception {
        RateCap one = new RateCap(1, Duration.ofNanos(1), Duration.ZERO);
        ChannelProviders capped = new ChannelProviders(Channel.EMAIL, List.of(
                new ChannelProviders.Provider("primary", primary, primaryBreaker, one)), "settings");
        ChannelProviders.Choice first = capped.awaitChoice(Duration.ZERO);

        assertThat(capped.awaitChoice(Duration.ZERO)).isNull();
        CompletableFuture<ChannelProviders.Choice> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return capped.awaitChoice(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        first.deliver(request(Channel.EMAIL, 1));

        assertThat(waiting.get(30, TimeUnit.SECONDS).providerName()).isEqualTo("primary");
        assertThat(primary.requests).hasSize(1);
        assertThat(primaryBreaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
    }

    @Test
    void aReleasedChoiceGivesItsPlaceUnderTheCapBack() throws InterruptedException {
        RateCap onePerHour = new RateCap(1, Duration.ofHours(1), Duration.ZERO, nanoTime::get);
        ChannelProviders capped = new ChannelProviders(Channel.EMAIL, List.of(
                new ChannelProviders.Provider("primary", primary, primaryBreaker, onePerHour)), "settings");

        capped.awaitChoice(Duration.ZERO).release();

        assertThat(capped.awaitChoice(Duration.ZERO).providerName()).isEqualTo("primary");
    }

    @Test
    void aChannelWithoutProvidersFailsPermanentlyNamingItsSettings() {
        ChannelProviders none = new ChannelProviders(Channel.SMS, List.of(), "herald.delivery.sms.providers");

        ChannelProviders.Choice choice = choose(none);

        assertThat(choice.providerName()).isNull();
        assertThat(choice.deliver(request(Channel.SMS, 1))).isEqualTo(
                DeliveryOutcome.permanent("no SMS provider configured (herald.delivery.sms.providers)"));
    }

    @Test
    void aReleasedChoiceGivesItsHalfOpenPermissionBack() {
        primary.outcome = DeliveryOutcome.retryable("down");
        deliverOnce();
        deliverOnce();
        clock.advance(WAIT_IN_OPEN.plusSeconds(1));

        ChannelProviders.Choice skipped = choose(providers);
        assertThat(skipped.providerName()).isEqualTo("primary");
        skipped.release();

        assertThat(choose(providers).providerName()).isEqualTo("primary");
    }

    /** An uncapped channel always has room: the choice comes without waiting. */
    private static ChannelProviders.Choice choose(ChannelProviders channel) {
        try {
            return channel.awaitChoice(Duration.ZERO);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String deliverOnce() {
        ChannelProviders.Choice choice = choose(providers);
        choice.deliver(request(Channel.EMAIL, 1));
        return choice.providerName();
    }

    private static final class ScriptedProvider implements ChannelAdapter {

        final List<DeliveryRequest> requests = new ArrayList<>();
        DeliveryOutcome outcome = DeliveryOutcome.delivered();

        @Override
        public Channel channel() {
            return Channel.EMAIL;
        }

        @Override
        public DeliveryOutcome deliver(DeliveryRequest request) {
            requests.add(request);
            return outcome;
        }
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2030-01-01T09:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
