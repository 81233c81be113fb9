package dev.herald.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotificationContentTest {

    private static final Instant SEND_AT = Instant.parse("2030-01-31T09:00:00Z");

    @Test
    void theSameContentInAnotherOrderHasTheSameFingerprint() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", List.of("x", "y"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order", "A-1");
        data.put("lines", nested);
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("lines", new LinkedHashMap<>(Map.of("a", List.of("x", "y"), "z", 1)));
        reordered.put("order", "A-1");

        assertThat(content(EnumSet.of(Channel.SMS, Channel.EMAIL), data, SEND_AT).fingerprint())
                .isEqualTo(content(Set.of(Channel.EMAIL, Channel.SMS), reordered, SEND_AT).fingerprint())
                .matches("[0-9a-f]{64}");
    }

    @Test
    void theSameInstantWrittenWithAnotherOffsetHasTheSameFingerprint() {
        SendNotificationRequest utc = new SendNotificationRequest("ada", "billing", null, List.of("EMAIL"), "Hi", null,
                                                                  null, "2030-01-31T09:00:00Z");
        SendNotificationRequest paris = new SendNotificationRequest("ada", "billing", "normal", List.of("email"), "Hi",
                                                                    "", Map.of(), "2030-01-31T10:00:00.000+01:00");
        Instant now = SEND_AT.minusSeconds(60);

        assertThat(utc.validated(now).fingerprint()).isEqualTo(paris.validated(now).fingerprint());
    }

    @Test
    void anyChangeOfMeaningChangesTheFingerprint() {
        String original = content(Set.of(Channel.EMAIL), Map.of("n", 1), SEND_AT).fingerprint();

        assertThat(List.of(content(Set.of(Channel.EMAIL, Channel.SMS), Map.of("n", 1), SEND_AT).fingerprint(),
                           content(Set.of(Channel.EMAIL), Map.of("n", 2), SEND_AT).fingerprint(),
                           content(Set.of(Channel.EMAIL), Map.of("n", "1"), SEND_AT).fingerprint(),
                           content(Set.of(Channel.EMAIL), Map.of("n", 1), null).fingerprint(),
                           content(Set.of(Channel.EMAIL), Map.of("n", 1), SEND_AT.plusMillis(1)).fingerprint()))
                .doesNotContain(original)
                .doesNotHaveDuplicates();
    }

    @Test
    void aTemplatedSendIsFingerprintedByItsTemplateChoiceAndData() {
        NotificationContent latest = templated(new TemplateChoice("welcome", null, null));

        assertThat(templated(new TemplateChoice("welcome", null, null)).fingerprint()).isEqualTo(latest.fingerprint());
        assertThat(List.of(latest.fingerprint(),
                           templated(new TemplateChoice("welcome", 1, null)).fingerprint(),
                           templated(new TemplateChoice("welcome", null, "de")).fingerprint(),
                           templated(new TemplateChoice("goodbye", null, null)).fingerprint(),
                           content(Set.of(Channel.EMAIL), Map.of("n", 1), SEND_AT).fingerprint()))
                .doesNotHaveDuplicates();
    }

    private static NotificationContent templated(TemplateChoice template) {
        return new NotificationContent("ada", "billing", Priority.NORMAL, Set.of(Channel.EMAIL), null, null,
                                       Map.of("n", 1), SEND_AT, template);
    }

    @Test
    void idsDerivedFromAKeyDependOnTheSender() {
        assertThat(NotificationContent.notificationIdFor("shop", "k1"))
                .isEqualTo(NotificationContent.notificationIdFor("shop", "k1"))
                .isNotEqualTo(NotificationContent.notificationIdFor("other-shop", "k1"))
                .isNotEqualTo(NotificationContent.notificationIdFor("shop", "k2"))
                .matches(RequestChecks.NOTIFICATION_ID.pattern());
    }

    private static NotificationContent content(Set<Channel> channels, Map<String, Object> data, Instant sendAt) {
        return new NotificationContent("ada", "billing", Priority.NORMAL, channels, "Hi", "", data, sendAt);
    }
}
