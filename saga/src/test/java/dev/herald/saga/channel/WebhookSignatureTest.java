package dev.herald.saga.channel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String SECRET = "whsec_test_0123456789abcdef";
    private static final String BODY = "{\"id\":\"n-1\",\"title\":\"Hi\"}";

    @Test
    void signsTimestampDotBodyWithHmacSha256() {
        // Computed outside Java: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test_0123456789abcdef',
        //   b'1893488400.{\"id\":\"n-1\",\"title\":\"Hi\"}', hashlib.sha256).hexdigest())"
        assertThat(WebhookSignature.header(SECRET, 1_893_488_400L, BODY))
                .isEqualTo("t=1893488400,v1=bc663a9d802a1a8bbdde1a1df864fd8aaba5eef651017674e87061d3b70b06f4");
    }

    @Test
    void receiverVerifiesItAsDocumented() throws Exception {
        String header = WebhookSignature.header(SECRET, 1_700_000_000L, BODY);

        assertThat(verify(header, BODY, SECRET)).isTrue();
        assertThat(verify(header, BODY.replace("Hi", "Ho"), SECRET)).isFalse();
        assertThat(verify(header, BODY, "another-secret")).isFalse();
        assertThat(verify(header.replace("t=1700000000", "t=1700000001"), BODY, SECRET)).isFalse();
    }

    /** What a webhook receiver does with the header, written from the documentation alone. */
    static boolean verify(String header, String body, String secret) throws Exception {
        String timestamp = null;
        String signature = null;
        for (String part : header.split(",")) {
            String[] pair = part.split("=", 2);
            if (pair[0].equals("t")) {
                timestamp = pair[1];
            } else if (pair[0].equals("v1")) {
                signature = pair[1];
            }
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((timestamp + "." + body).getBytes(UTF_8));
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature));
    }
}
