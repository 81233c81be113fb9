package dev.herald.saga.channel;

import dev.herald.api.Channel;
import dev.herald.api.template.EmailContent;
import dev.herald.saga.unsubscribe.UnsubscribeController;
import dev.herald.saga.unsubscribe.UnsubscribeTokens;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.web.util.HtmlUtils;

/**
 * Sends the notification as an email over SMTP (Spring's {@link JavaMailSender}, configured with
 * {@code spring.mail.*}): the title as subject, the body as text, and a one-click unsubscribe link (RFC 8058) both in
 * the headers and in the text. A template's email content, when the notification has one, takes their place, and
 * its HTML makes the email multipart/alternative.
 */
public final class EmailAdapter implements ChannelAdapter {

    static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe=One-Click";

    private final JavaMailSender mailSender;
    private final InternetAddress from;
    private final URI publicBaseUrl;
    private final UnsubscribeTokens tokens;

    /**
     * @param mailSender null when no SMTP server is configured: email then fails permanently, saying so. When it is
     *                   Spring's {@link JavaMailSenderImpl}, the connect and request timeouts become its SMTP timeouts
     *                   unless {@code spring.mail.properties} sets them: JavaMail's own default is to wait forever.
     * @param from       the sender address; an invalid one is refused here, at startup, not on every email
     */
    public EmailAdapter(JavaMailSender mailSender, String from, URI publicBaseUrl, UnsubscribeTokens tokens,
                        Duration connectTimeout, Duration requestTimeout) {
        this.mailSender = mailSender;
        this.from = requireValidFrom(from);
        this.publicBaseUrl = publicBaseUrl;
        this.tokens = tokens;
        if (mailSender instanceof JavaMailSenderImpl impl) {
            applyDefaultTimeouts(impl, connectTimeout, requestTimeout);
        }
    }

    /** The sender address; an invalid one is refused, so that it is refused at startup rather than on every email. */
    public static InternetAddress requireValidFrom(String from) {
        InternetAddress address = address(from);
        if (address == null) {
            throw new IllegalArgumentException("herald.delivery.email.from is not a valid email address: " + from);
        }
        return address;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public DeliveryOutcome deliver(DeliveryRequest request) {
        if (mailSender == null) {
            return DeliveryOutcome.permanent("no SMTP server configured (spring.mail.host)");
        }
        InternetAddress to = address(request.contactPoints().email());
        if (to == null) {
            return DeliveryOutcome.permanent("not a valid email address: " + request.contactPoints().email());
        }
        String unsubscribeLink = unsubscribeLink(request);
        try {
            MimeMessage message = mailSender.createMimeMessage();
            EmailContent email = request.content() == null ? null : request.content().email();
            String html = email == null || email.html() == null || email.html().isBlank() ? null : email.html();
            MimeMessageHelper helper = new MimeMessageHelper(message, html != null, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(to);
            helper.setSubject(email != null && email.subject() != null && !email.subject().isBlank()
                    ? email.subject() : request.title());
            if (html == null) {
                helper.setText(text(request, email, unsubscribeLink));
            } else {
                helper.setText(text(request, email, unsubscribeLink), html(html, request, unsubscribeLink));
            }
            message.setHeader("List-Unsubscribe", "<" + unsubscribeLink + ">");
            message.setHeader("List-Unsubscribe-Post", LIST_UNSUBSCRIBE_POST);
            // The same on every attempt, so that a receiving system can recognise a repeat.
            message.setHeader("Message-ID", "<" + request.notificationId() + ".email@" + messageIdDomain() + ">");
            mailSender.send(message);
            return DeliveryOutcome.delivered();
        } catch (MessagingException e) {
            return DeliveryOutcome.permanent("the email could not be composed: " + e.getMessage());
        } catch (MailException e) {
            return SmtpFailures.classify(e);
        }
    }

    String unsubscribeLink(DeliveryRequest request) {
        String base = publicBaseUrl.toString().replaceAll("/+$", "");
        return base + UnsubscribeController.PATH + "?token="
                + tokens.issue(request.recipientId(), request.category(), Channel.EMAIL);
    }

    private static String text(DeliveryRequest request, EmailContent email, String unsubscribeLink) {
        String body = email != null && email.text() != null && !email.text().isBlank() ? email.text()
                : request.body().isBlank() ? request.title() : request.body();
        return body + "\n\n-- \nTo stop receiving \"" + request.category() + "\" notifications by email: "
                + unsubscribeLink + "\n";
    }

    /** A template's HTML (escaped when rendered) with the same unsubscribe line added at its end. */
    private static String html(String html, DeliveryRequest request, String unsubscribeLink) {
        String footer = "<p style=\"font-size:small\">To stop receiving \""
                + HtmlUtils.htmlEscape(request.category()) + "\" notifications by email: <a href=\""
                + HtmlUtils.htmlEscape(unsubscribeLink) + "\">unsubscribe</a></p>";
        int end = html.toLowerCase(java.util.Locale.ROOT).lastIndexOf("</body>");
        return end < 0 ? html + footer : html.substring(0, end) + footer + html.substring(end);
    }

    private String messageIdDomain() {
        return publicBaseUrl.getHost() == null ? "herald" : publicBaseUrl.getHost();
    }

    /** A single, syntactically valid mailbox address, or null. */
    static InternetAddress address(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        try {
            InternetAddress address = new InternetAddress(email.strip(), true);
            address.validate();
            return address.getAddress().indexOf('@') > 0 ? address : null;
        } catch (AddressException e) {
            return null;
        }
    }

    private static void applyDefaultTimeouts(JavaMailSenderImpl sender, Duration connect, Duration request) {
        Properties properties = sender.getJavaMailProperties();
        for (String protocol : new String[] {"smtp", "smtps"}) {
            properties.putIfAbsent("mail." + protocol + ".connectiontimeout", String.valueOf(connect.toMillis()));
            properties.putIfAbsent("mail." + protocol + ".timeout", String.valueOf(request.toMillis()));
            properties.putIfAbsent("mail." + protocol + ".writetimeout", String.valueOf(request.toMillis()));
        }
        // Setting them again drops a session created before, so that the timeouts apply.
        sender.setJavaMailProperties(properties);
    }
}
