package dev.herald.saga.delivery;

import static dev.herald.api.Channel.EMAIL;
import static dev.herald.api.Channel.IN_APP;
import static dev.herald.api.Channel.SMS;
import static dev.herald.saga.SagaTestMessages.BODY;
import static dev.herald.saga.SagaTestMessages.NOTIFICATION_ID;
import static dev.herald.saga.SagaTestMessages.TITLE;
import static dev.herald.saga.SagaTestMessages.recorded;
import static dev.herald.saga.SagaTestMessages.sent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.herald.saga.DeliveryProperties;
import dev.herald.saga.channel.DeliveryOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.Test;

/** The saga store keeps saga state as JSON; Herald's serializer sees fields only (no getters, no creators). */
class DeliverySagaStateTest {

    private static final ObjectMapper FIELDS_ONLY = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final RetryPolicy policy = new RetryPolicy(
            new DeliveryProperties.Retry(8, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(30),
                                         Map.of()),
            Duration.ofMinutes(3), bound -> bound);
    private final RecordingDispatcher dispatcher = new RecordingDispatcher();
    private final SagaTestFixture<DeliverySaga> fixture = new SagaTestFixture<>(DeliverySaga.class);
    private DeliverySaga saga;

    @Test
    void stateRoundTripsAndHoldsNoContent() {
        fixture.registerResource(dispatcher);
        fixture.registerResource(policy);
        fixture.registerResourceInjector(injected -> saga = (DeliverySaga) injected);
        fixture.givenCurrentTime(Instant.parse("2030-01-01T09:00:00Z"))
               .andThenAggregate(NOTIFICATION_ID).published(sent(EMAIL, SMS, IN_APP))
               .andThenAggregate(NOTIFICATION_ID).published(recorded(DeliveryWorker.recordOf(
                       dispatcher.last(EMAIL), DeliveryOutcome.retryable("SMTP 451"), policy,
                       fixture.currentTime())));
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(FIELDS_ONLY).build();

        SerializedObject<String> stored = serializer.serialize(saga, String.class);
        DeliverySaga loaded = serializer.deserialize(stored);

        assertThat(loaded).usingRecursiveComparison().isEqualTo(saga);
        assertThat(stored.getData()).contains("WAITING_TO_RETRY", "ATTEMPTING")
                                    .doesNotContain(TITLE, BODY, "IN_APP")
                                    .hasSizeLessThan(1_000);
    }
}
