package dev.herald.saga.channel;

import static dev.herald.saga.SagaTestMessages.BODY;
import static dev.herald.saga.SagaTestMessages.CATEGORY;
import static dev.herald.saga.SagaTestMessages.NOTIFICATION_ID;
import static dev.herald.saga.SagaTestMessages.RECIPIENT_ID;
import static dev.herald.saga.SagaTestMessages.TITLE;
import static dev.herald.saga.SagaTestMessages.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.saga.channel.DeliveryOutcome.Failed;
import dev.herald.saga.unsubscribe.UnsubscribeTokens;
import dev.herald.saga.unsubscribe.UnsubscribeTokens.Unsubscription;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

class EmailAdapterIT {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Pattern LINK = Pattern.compile(
            "^<(https://herald\\.example\\.com/api/v1/unsubscribe\\?token=([A-Za-z0-9_.-]+))>$");

    private final UnsubscribeTokens tokens = new UnsubscribeTokens("unsubscribe-secret-for-tests-0123456789");

    private EmailAdapter adapterFor(int port) {
        JavaMailSenderImpl mailSender = new JavaMailSenderImpl();
        mailSender.setHost("127.0.0.1");
        mailSender.setPort(port);
        return new EmailAdapter(mailSender, "Herald <herald@example.com>", URI.create("https://herald.example.com/"),
                                tokens, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void sendsTheNotificationWithOneClickUnsubscribe() throws Exception {
        DeliveryOutcome outcome = adapterFor(SMTP.getSmtp().getPort()).deliver(request(Channel.EMAIL, 1));

        assertThat(outcome).isEqualTo(DeliveryOutcome.delivered());
        assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage email = SMTP.getReceivedMessages()[0];
        assertThat(email.getSubject()).isEqualTo(TITLE);
        assertThat(email.getAllRecipients()).extracting(Object::toString).containsExactly("ada@example.com");
        assertThat(email.getFrom()).extracting(Object::toString).containsExactly("Herald <herald@example.com>");
        assertThat(email.getMessageID()).isEqualTo("<" + NOTIFICATION_ID + ".email@herald.example.com>");
        assertThat(email.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");

        String[] listUnsubscribe = email.getHeader("List-Unsubscribe");
        assertThat(listUnsubscribe).hasSize(1);
        Matcher link = LINK.matcher(listUnsubscribe[0]);
        assertThat(link.matches()).as("List-Unsubscribe %s", listUnsubscribe[0]).isTrue();
        assertThat(tokens.verify(link.group(2))).contains(new Unsubscription(RECIPIENT_ID, CATEGORY, Channel.EMAIL));

        String text = ((String) email.getContent()).replace("\r\n", "\n");
        assertThat(text).startsWith(BODY + "\n").contains(link.group(1));
    }

    @Test
    void invalidAddressFailsPermanentlyWithoutContactingTheServer() {
        ContactPoints noAddress = new ContactPoints("not an address", null, null, null, null, null);

        DeliveryOutcome outcome = adapterFor(SMTP.getSmtp().getPort()).deliver(request(noAddress, Channel.EMAIL, 1));

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> assertThat(failed.retryable()).isFalse());
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void unreachableSmtpServerIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        DeliveryOutcome outcome = adapterFor(closedPort).deliver(request(Channel.EMAIL, 1));

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.error()).startsWith("SMTP: ");
        });
    }

    @Test
    void withoutAnSmtpServerEmailFailsPermanentlySayingWhatToConfigure() {
        EmailAdapter unconfigured = new EmailAdapter(null, "herald@localhost", URI.create("http://localhost:8080"),
                                                     tokens, Duration.ofSeconds(1), Duration.ofSeconds(1));

        assertThat(unconfigured.deliver(request(Channel.EMAIL, 1)))
                .isEqualTo(DeliveryOutcome.permanent("no SMTP server configured (spring.mail.host)"));
    }

    @Test
    void smtpTimeoutsComeFromTheDeliverySettingsUnlessSetExplicitly() {
        JavaMailSenderImpl mailSender = new JavaMailSenderImpl();
        mailSender.getJavaMailProperties().setProperty("mail.smtp.timeout", "1234");

        new EmailAdapter(mailSender, "herald@localhost", URI.create("http://localhost:8080"), tokens,
                         Duration.ofSeconds(2), Duration.ofSeconds(5));

        assertThat(mailSender.getJavaMailProperties())
                .containsEntry("mail.smtp.connectiontimeout", "2000")
                .containsEntry("mail.smtp.timeout", "1234")
                .containsEntry("mail.smtp.writetimeout", "5000");
    }
}
