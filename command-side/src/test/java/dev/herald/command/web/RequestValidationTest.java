package dev.herald.command.web;

import static dev.herald.command.CommandTestMessages.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.Priority;
import dev.herald.api.throttle.ThrottleRule;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ServerWebInputException;

class RequestValidationTest {

    @Test
    void aValidRequestIsCanonicalisedWithDefaults() {
        NotificationContent content = send("ada", "billing", null, List.of("sms", "EMAIL", "EMAIL"), "Hi", null, null,
                                           "2030-01-31T10:00:00+01:00").validated(NOW);

        assertThat(content).isEqualTo(new NotificationContent("ada", "billing", Priority.NORMAL,
                                                              EnumSet.of(Channel.EMAIL, Channel.SMS), "Hi", "",
                                                              Map.of(), NOW));
    }

    @Test
    void unknownChannelIsNamedWithTheAlternatives() {
        assertRejected(send(List.of("EMAIL", "FAX")),
                       "channels: unknown channel 'FAX', expected one of EMAIL, SMS, PUSH, WEBHOOK, IN_APP");
    }

    @Test
    void channelsMustNotBeEmpty() {
        assertRejected(send(List.of()), "channels: must name at least one channel");
        assertRejected(send(null), "channels: must name at least one channel");
    }

    @Test
    void unknownPriorityIsNamedWithTheAlternatives() {
        assertRejected(send("ada", "billing", "URGENT", List.of("EMAIL"), "Hi", "", null, null),
                       "priority: unknown priority 'URGENT', expected one of HIGH, NORMAL, LOW");
    }

    @Test
    void recipientIdAndCategoryMustHaveTheirShape() {
        assertRejected(send(null, "billing", null, List.of("EMAIL"), "Hi", "", null, null),
                       "recipientId: is required");
        assertRejected(send("-ada", "billing", null, List.of("EMAIL"), "Hi", "", null, null),
                       "recipientId: must match");
        assertRejected(send("a".repeat(129), "billing", null, List.of("EMAIL"), "Hi", "", null, null),
                       "recipientId: must match");
        assertRejected(send("ada", "bill ing", null, List.of("EMAIL"), "Hi", "", null, null), "category: must match");
        assertRejected(send("ada", "*", null, List.of("EMAIL"), "Hi", "", null, null), "category: must match");
        assertThat(send("user:42@tenant+x.y-z", "a.b_c-d", null, List.of("EMAIL"), "Hi", "", null, null)
                           .validated(NOW).recipientId()).isEqualTo("user:42@tenant+x.y-z");
    }

    @Test
    void titleAndBodyHaveLengthLimits() {
        assertRejected(send("ada", "billing", null, List.of("EMAIL"), " ", "", null, null), "title: is required");
        assertRejected(send("ada", "billing", null, List.of("EMAIL"), "t".repeat(RequestChecks.MAX_TITLE_LENGTH + 1),
                            "", null, null), "title: must be at most 200 characters");
        assertRejected(send("ada", "billing", null, List.of("EMAIL"), "Hi",
                            "b".repeat(RequestChecks.MAX_BODY_LENGTH + 1), null, null),
                       "body: must be at most 10000 characters");
        assertThat(send("ada", "billing", null, List.of("EMAIL"), "t".repeat(RequestChecks.MAX_TITLE_LENGTH),
                        "b".repeat(RequestChecks.MAX_BODY_LENGTH), null, null).validated(NOW)).isNotNull();
    }

    @Test
    void dataIsLimitedOnceSerialised() {
        Map<String, Object> tooBig = Map.of("blob", "x".repeat(RequestChecks.MAX_DATA_BYTES));
        int envelope = "{\"blob\":\"\"}".length();
        Map<String, Object> fits = Map.of("blob", "x".repeat(RequestChecks.MAX_DATA_BYTES - envelope));

        assertRejected(send("ada", "billing", null, List.of("EMAIL"), "Hi", "", tooBig, null),
                       "data: must be at most 8192 bytes");
        assertThat(send("ada", "billing", null, List.of("EMAIL"), "Hi", "", fits, null).validated(NOW).data())
                .isEqualTo(fits);
    }

    @Test
    void sendAtMustBeAnInstantNeitherPastNorTooFarAhead() {
        assertRejected(sendAt("tomorrow"), "sendAt: must be an ISO-8601 date-time");
        assertRejected(sendAt("2030-01-31T10:00:00"), "sendAt: must be an ISO-8601 date-time");
        assertRejected(sendAt(NOW.minus(Duration.ofMinutes(1)).toString()), "sendAt: must not be in the past");
        assertRejected(sendAt(NOW.plus(Duration.ofDays(367)).toString()), "sendAt: must be at most 366 days ahead");
        assertThat(sendAt(NOW.plus(Duration.ofDays(366)).toString()).validated(NOW).sendAt())
                .isEqualTo(NOW.plus(Duration.ofDays(366)));
        assertThat(sendAt(NOW.minusSeconds(2).toString()).validated(NOW).sendAt()).isEqualTo(NOW.minusSeconds(2));
    }

    @Test
    void idempotencyKeyIsVisibleAscii() {
        assertThat(RequestChecks.idempotencyKey("order-42/retry#1")).isEqualTo("order-42/retry#1");
        assertThat(RequestChecks.idempotencyKey("k".repeat(255))).hasSize(255);
        for (String bad : List.of("", "has space", "k".repeat(256), "naïve")) {
            assertThatThrownBy(() -> RequestChecks.idempotencyKey(bad))
                    .isInstanceOfSatisfying(ServerWebInputException.class,
                                            e -> assertThat(e.getReason()).startsWith("Idempotency-Key: "));
        }
    }

    @Test
    void contactPointsAreCheckedAndCanonicalised() {
        ContactPoints contactPoints = new RecipientRequest(" ada@example.com ", "", List.of("t1", "t2", "t1"),
                                                           "https://hooks.example.com/x?y=1", "en-gb",
                                                           "Europe/London").validated();

        assertThat(contactPoints).isEqualTo(new ContactPoints("ada@example.com", null, List.of("t1", "t2"),
                                                              "https://hooks.example.com/x?y=1", "en-GB",
                                                              "Europe/London"));
        assertThat(new RecipientRequest(null, null, null, null, null, null).validated())
                .isEqualTo(ContactPoints.none());
    }

    @Test
    void badContactPointsAreNamed() {
        assertRejected(contacts("ada.example.com", null, null, null, null), "email: must be an email address");
        assertRejected(contacts(null, "0044 20 7946 0000", null, null, null), "phone: must be in E.164 form");
        assertRejected(contacts(null, null, "ftp://files.example.com", null, null),
                       "webhookUrl: must be an absolute http or https URL");
        assertRejected(contacts(null, null, "/relative/hook", null, null),
                       "webhookUrl: must be an absolute http or https URL");
        assertRejected(contacts(null, null, null, "en_GB!", null), "locale: must be a BCP 47 language tag");
        assertRejected(contacts(null, null, null, null, "Mars/Olympus"), "timeZone: must be a time zone id");
        assertRejected(new RecipientRequest(null, null, List.of(" "), null, null, null),
                       "pushTokens: must not contain blank tokens");
    }

    @Test
    void subscriptionsMayNameEveryCategoryAndOmitChannels() {
        assertThat(RequestChecks.subscriptionCategory("*")).isEqualTo("*");
        assertThat(RequestChecks.channels(null, true)).isEmpty();
        assertThatThrownBy(() -> RequestChecks.subscriptionCategory("**"))
                .isInstanceOf(ServerWebInputException.class);
    }

    @Test
    void aThrottleIsCanonicalAndPartOfTheFingerprint() {
        NotificationContent content = throttled("marketing", 3, " PT1H ").validated(NOW);
        assertThat(content.throttle()).isEqualTo(new ThrottleRule("marketing", 3, Duration.ofHours(1)));
        assertThat(content.fingerprint()).isNotEqualTo(send(List.of("EMAIL")).validated(NOW).fingerprint())
                .isEqualTo(throttled("marketing", 3, "PT60M").validated(NOW).fingerprint())
                .isNotEqualTo(throttled("marketing", 4, "PT1H").validated(NOW).fingerprint());
    }

    @Test
    void aBadThrottleIsNamedByItsField() {
        assertRejected(throttled("marketing", 0, "PT1H"), "throttle.limit: must be 1 to 10000, was 0");
        assertRejected(throttled("marketing", 10_001, "PT1H"), "throttle.limit: must be 1 to 10000");
        assertRejected(throttled("marketing", null, "PT1H"), "throttle.limit: is required");
        assertRejected(throttled("marketing", 3, "1 hour"), "throttle.window: must be an ISO-8601 duration");
        assertRejected(throttled("marketing", 3, null), "throttle.window: is required");
        assertRejected(throttled("marketing", 3, "PT0.5S"), "throttle.window: must be from PT1S to P31D");
        assertRejected(throttled("marketing", 3, "P32D"), "throttle.window: must be from PT1S to P31D");
        assertRejected(throttled("a/b", 3, "PT1H"), "throttle.key: must match");
        assertRejected(throttled(null, 3, "PT1H"), "throttle.key: is required");
    }

    @Test
    void aSendToTopicsTakesNoThrottle() {
        SendNotificationRequest toTopic = new SendNotificationRequest(
                null, "releases", null, null, "releases", null, List.of("EMAIL"), "Hi", null, null, null, null, null,
                null, new SendNotificationRequest.ThrottleRequest("marketing", 3, "PT1H"));
        assertThatThrownBy(() -> toTopic.validatedBroadcast(NOW))
                .isInstanceOfSatisfying(ServerWebInputException.class,
                                        e -> assertThat(e.getReason()).startsWith("throttle: is only for a send"));
    }

    private static SendNotificationRequest throttled(String key, Integer limit, String window) {
        return new SendNotificationRequest("ada", null, null, null, "billing", null, List.of("EMAIL"), "Hi", null,
                                           null, null, null, null, null,
                                           new SendNotificationRequest.ThrottleRequest(key, limit, window));
    }

    private static SendNotificationRequest send(List<String> channels) {
        return send("ada", "billing", null, channels, "Hi", "", null, null);
    }

    private static SendNotificationRequest sendAt(String sendAt) {
        return send("ada", "billing", null, List.of("EMAIL"), "Hi", "", null, sendAt);
    }

    private static SendNotificationRequest send(String recipientId, String category, String priority,
                                                List<String> channels, String title, String body,
                                                Map<String, Object> data, String sendAt) {
        return new SendNotificationRequest(recipientId, category, priority, channels, title, body, data, sendAt);
    }

    private static RecipientRequest contacts(String email, String phone, String webhookUrl, String locale,
                                             String timeZone) {
        return new RecipientRequest(email, phone, null, webhookUrl, locale, timeZone);
    }

    private static void assertRejected(SendNotificationRequest request, String reasonStart) {
        assertThatThrownBy(() -> request.validated(NOW))
                .isInstanceOfSatisfying(ServerWebInputException.class,
                                        e -> assertThat(e.getReason()).startsWith(reasonStart));
    }

    private static void assertRejected(RecipientRequest request, String reasonStart) {
        assertThatThrownBy(request::validated)
                .isInstanceOfSatisfying(ServerWebInputException.class,
                                        e -> assertThat(e.getReason()).startsWith(reasonStart));
    }

}
