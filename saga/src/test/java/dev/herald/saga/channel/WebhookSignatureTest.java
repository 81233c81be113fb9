package dev.herald.saga.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.svix.Webhook;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The example of the Standard Webhooks specification and Svix's documentation. */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String SPEC_BODY = "{\"test\": 2432232314}";

    @Test
    void signsIdDotTimestampDotBodyAsTheSpecificationsExample() {
        assertThat(WebhookSignature.sign(SPEC_SECRET, SPEC_ID, 1_614_265_330L, SPEC_BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aSecretWithoutThePrefixKeysWithItsUtf8Bytes() {
        // Computed outside Java: python3 -c "import hmac,hashlib,base64; print(base64.b64encode(hmac.new(
        //   b'legacy-secret', b'n-1:WEBHOOK.1893488400.{\"id\":\"n-1\"}', hashlib.sha256).digest()).decode())"
        assertThat(WebhookSignature.sign("legacy-secret", "n-1:WEBHOOK", 1_893_488_400L, "{\"id\":\"n-1\"}"))
                .isEqualTo("v1,aNETGg6ee+YMgm8rb6d/PrPRmt3caQKUwVobPL9vAug=");
    }

    @Test
    void duringARotationEachSecretSignsAndEitherVerifies() throws Exception {
        String previous = WebhookSignature.newSecret(new SecureRandom());
        String next = WebhookSignature.newSecret(new SecureRandom());
        long now = System.currentTimeMillis() / 1000;

        String header = WebhookSignature.header(List.of(next, previous), "n-1:WEBHOOK", now, SPEC_BODY);

        assertThat(header.split(" ")).hasSize(2).allMatch(signature -> signature.startsWith("v1,"));
        Map<String, List<String>> headers = Map.of(WebhookSignature.ID, List.of("n-1:WEBHOOK"),
                                                   WebhookSignature.TIMESTAMP, List.of(Long.toString(now)),
                                                   WebhookSignature.SIGNATURE, List.of(header));
        new Webhook(previous).verify(SPEC_BODY, headers);
        new Webhook(next).verify(SPEC_BODY, headers);
        String stranger = WebhookSignature.newSecret(new SecureRandom());
        assertThatThrownBy(() -> new Webhook(stranger).verify(SPEC_BODY, headers)).isNotNull();
    }

    @Test
    void newSecretsAreWhsecBase64OfThirtyTwoRandomBytes() {
        String secret = WebhookSignature.newSecret(new SecureRandom());

        assertThat(secret).startsWith("whsec_");
        assertThat(WebhookSignature.key(secret)).hasSize(32);
        assertThat(WebhookSignature.newSecret(new SecureRandom())).isNotEqualTo(secret);
    }

    @Test
    void aWhsecSecretThatIsNotBase64IsRefused() {
        assertThatThrownBy(() -> WebhookSignature.key("whsec_not base64!")).isInstanceOf(IllegalArgumentException.class)
                                                                           .hasMessageContaining("base64");
        assertThatThrownBy(() -> WebhookSignature.key("whsec_")).isInstanceOf(IllegalArgumentException.class);
    }
}
