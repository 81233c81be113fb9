package dev.herald.saga.unsubscribe;

import static dev.herald.api.Channel.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.saga.unsubscribe.UnsubscribeTokens.Unsubscription;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnsubscribeTokensTest {

    static final String SECRET = "unsubscribe-secret-for-tests-0123456789";

    private final UnsubscribeTokens tokens = new UnsubscribeTokens(SECRET);

    @Test
    void tokenRoundTrips() {
        String token = tokens.issue("recipient-ada", "billing", EMAIL);

        assertThat(tokens.verify(token)).contains(new Unsubscription("recipient-ada", "billing", EMAIL));
    }

    @Test
    void tokenIsUrlSafe() {
        String token = tokens.issue("réci/pient+1 ?&=", "news & offers", EMAIL);

        assertThat(URLEncoder.encode(token, StandardCharsets.UTF_8)).isEqualTo(token);
        assertThat(tokens.verify(token)).contains(new Unsubscription("réci/pient+1 ?&=", "news & offers", EMAIL));
    }

    @Test
    void forgedTokenIsRefused() {
        String token = tokens.issue("recipient-ada", "billing", EMAIL);
        String[] parts = token.split("\\.");
        String otherRecipient = tokens.issue("recipient-bob", "billing", EMAIL).split("\\.")[0];

        assertThat(tokens.verify(otherRecipient + "." + parts[1] + "." + parts[2] + "." + parts[3])).isEmpty();
        assertThat(tokens.verify(parts[0] + "." + parts[1] + ".SMS." + parts[3])).isEmpty();
        assertThat(new UnsubscribeTokens("another-secret-of-enough-length-0123456789").verify(token)).isEmpty();
    }

    @Test
    void malformedTokenIsRefused() {
        assertThat(tokens.verify(null)).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
        assertThat(tokens.verify("a.b.c")).isEmpty();
        assertThat(tokens.verify("a.b.EMAIL.!!!")).isEmpty();
        assertThat(tokens.verify(tokens.issue("r", "c", EMAIL) + ".extra")).isEmpty();
    }

    @Test
    void shortSecretIsRefused() {
        assertThatThrownBy(() -> new UnsubscribeTokens("too-short"))
                .hasMessageContaining("herald.delivery.unsubscribe-secret");
        assertThatThrownBy(() -> new UnsubscribeTokens(null))
                .hasMessageContaining("herald.delivery.unsubscribe-secret");
    }
}
