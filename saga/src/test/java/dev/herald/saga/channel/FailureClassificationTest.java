package dev.herald.saga.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.saga.channel.DeliveryOutcome.Failed;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;

class FailureClassificationTest {

    private static final Instant NOW = Instant.parse("2030-01-01T09:00:00Z");

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204})
    void twoHundredsAreDelivered(int status) {
        assertThat(HttpDelivery.classify(status, null, "ok", NOW)).isEqualTo(DeliveryOutcome.delivered());
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void timeoutsThrottlingAndServerErrorsAreRetryable(int status) {
        assertThat(HttpDelivery.classify(status, null, "HTTP " + status, NOW))
                .isEqualTo(new Failed("HTTP " + status, true, null));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 400, 401, 403, 404, 405, 410, 413, 422})
    void otherClientErrorsArePermanent(int status) {
        assertThat(HttpDelivery.classify(status, "30", "HTTP " + status, NOW))
                .isEqualTo(new Failed("HTTP " + status, false, null));
    }

    @Test
    void retryableAnswerCarriesItsRetryAfter() {
        assertThat(HttpDelivery.classify(429, "120", "HTTP 429", NOW))
                .isEqualTo(new Failed("HTTP 429", true, Duration.ofSeconds(120)));
        assertThat(HttpDelivery.classify(503, "Tue, 01 Jan 2030 09:05:00 GMT", "HTTP 503", NOW))
                .isEqualTo(new Failed("HTTP 503", true, Duration.ofMinutes(5)));
    }

    @Test
    void permanentSmtpReplyIsPermanent() throws Exception {
        InternetAddress ada = new InternetAddress("ada@example.com");
        SMTPAddressFailedException unknownUser =
                new SMTPAddressFailedException(ada, "RCPT TO:<ada@example.com>", 550, "550 5.1.1 user unknown");
        SendFailedException invalid = new SendFailedException("Invalid Addresses", unknownUser, new Address[0],
                                                              new Address[0], new Address[] {ada});
        MailSendException failure = new MailSendException("Failed messages", invalid);

        DeliveryOutcome outcome = SmtpFailures.classify(failure);

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.error()).isEqualTo("SMTP 550: 550 5.1.1 user unknown");
        });
    }

    @Test
    void transientSmtpReplyIsRetryable() {
        SMTPSendFailedException greylisted = new SMTPSendFailedException(
                "DATA", 451, "451 4.7.1 greylisted, try again later", null, null, null, null);

        DeliveryOutcome outcome = SmtpFailures.classify(new MailSendException("Failed messages", greylisted));

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.error()).startsWith("SMTP 451");
        });
    }

    @Test
    void rejectedAddressWithoutReplyCodeIsPermanent() throws Exception {
        SendFailedException invalid = new SendFailedException("Invalid Addresses", null, new Address[0],
                                                              new Address[0],
                                                              new Address[] {new InternetAddress("x@example.com")});

        assertThat(SmtpFailures.classify(new MailSendException("Failed messages", invalid)))
                .isInstanceOfSatisfying(Failed.class, failed -> assertThat(failed.retryable()).isFalse());
    }

    @Test
    void unreachableSmtpServerIsRetryable() {
        MessagingException connect = new MessagingException("Couldn't connect to host", new ConnectException());

        assertThat(SmtpFailures.classify(new MailSendException("Mail server connection failed", connect)))
                .isInstanceOfSatisfying(Failed.class, failed -> assertThat(failed.retryable()).isTrue());
    }

    @Test
    void smtpAuthenticationFailureIsRetryable() {
        assertThat(SmtpFailures.classify(new MailAuthenticationException("535 5.7.8 bad credentials")))
                .isInstanceOfSatisfying(Failed.class, failed -> assertThat(failed.retryable()).isTrue());
    }
}
