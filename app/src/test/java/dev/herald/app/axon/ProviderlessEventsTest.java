package dev.herald.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.api.Channel;
import dev.herald.api.notification.DeliveryAttemptFailedEvent;
import dev.herald.api.notification.DeliveryAttemptStartedEvent;
import dev.herald.api.notification.DeliverySucceededEvent;
import dev.herald.api.notification.NotificationReleasedEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Delivery events written before attempts named their provider still read, with the event store's own mapper, and
 * name none; events that name one keep it through a round trip. The same for releases written before they said
 * whether they place the notification in the inbox.
 */
class ProviderlessEventsTest {

    private final ObjectMapper events = AxonInfrastructureConfiguration.axonObjectMapper();

    @Test
    void eventsWithoutAProviderStillReadAndNameNone() throws Exception {
        DeliveryAttemptStartedEvent started = events.readValue(
                "{\"notificationId\":\"n-1\",\"recipientId\":\"r-1\",\"channel\":\"EMAIL\",\"attempt\":1}",
                DeliveryAttemptStartedEvent.class);
        DeliveryAttemptFailedEvent failed = events.readValue(
                "{\"notificationId\":\"n-1\",\"recipientId\":\"r-1\",\"channel\":\"EMAIL\",\"attempt\":1,"
                + "\"error\":\"SMTP 421\",\"retryable\":true,\"nextAttemptAt\":\"2030-01-01T09:00:10Z\"}",
                DeliveryAttemptFailedEvent.class);
        DeliverySucceededEvent succeeded = events.readValue(
                "{\"notificationId\":\"n-1\",\"recipientId\":\"r-1\",\"channel\":\"EMAIL\",\"attempt\":2}",
                DeliverySucceededEvent.class);

        assertThat(started).isEqualTo(new DeliveryAttemptStartedEvent("n-1", "r-1", Channel.EMAIL, 1, null));
        assertThat(failed).isEqualTo(new DeliveryAttemptFailedEvent("n-1", "r-1", Channel.EMAIL, 1, "SMTP 421", true,
                                                                    Instant.parse("2030-01-01T09:00:10Z"), null));
        assertThat(succeeded).isEqualTo(new DeliverySucceededEvent("n-1", "r-1", Channel.EMAIL, 2, null));
    }

    @Test
    void aReleaseStoredBeforeItSaidWhetherItPlacesInAppReadsAsPlacingNothing() throws Exception {
        NotificationReleasedEvent old = events.readValue("{\"notificationId\":\"n-1\",\"recipientId\":\"r-1\"}",
                                                         NotificationReleasedEvent.class);
        NotificationReleasedEvent placing = new NotificationReleasedEvent("n-1", "r-1", true);

        assertThat(old).isEqualTo(new NotificationReleasedEvent("n-1", "r-1", false));
        assertThat(events.readValue(events.writeValueAsString(placing), NotificationReleasedEvent.class))
                .isEqualTo(placing);
    }

    @Test
    void eventsNamingTheirProviderKeepIt() throws Exception {
        Object[] written = {
            new DeliveryAttemptStartedEvent("n-1", "r-1", Channel.SMS, 1, "backup"),
            new DeliveryAttemptFailedEvent("n-1", "r-1", Channel.SMS, 1, "HTTP 503", true,
                                           Instant.parse("2030-01-01T09:00:10Z"), "backup"),
            new DeliverySucceededEvent("n-1", "r-1", Channel.SMS, 2, "primary")
        };

        for (Object event : written) {
            assertThat(events.readValue(events.writeValueAsString(event), event.getClass())).isEqualTo(event);
        }
    }
}
