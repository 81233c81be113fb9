package dev.herald.saga.channel;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

/**
 * What a failed SMTP send means for delivery. A permanent reply (5xx) or a rejected address will not change on a
 * retry; a transient reply (4xx), a connection failure or a timeout may. Authentication failures are retried too:
 * they are the server's configuration, not the recipient's, and can be fixed while the retries run.
 */
final class SmtpFailures {

    private static final int MAX_ERROR = 300;

    private SmtpFailures() {
    }

    static DeliveryOutcome classify(MailException failure) {
        if (failure instanceof MailAuthenticationException) {
            return DeliveryOutcome.retryable("SMTP authentication failed: " + oneLine(failure.getMessage()));
        }
        if (failure instanceof MailParseException || failure instanceof MailPreparationException) {
            return DeliveryOutcome.permanent("the email could not be composed: " + oneLine(failure.getMessage()));
        }
        Deque<Throwable> pending = new ArrayDeque<>(nested(failure));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean invalidAddress = false;
        while (!pending.isEmpty()) {
            Throwable cause = pending.pop();
            if (!seen.add(cause)) {
                continue;
            }
            int replyCode = replyCode(cause);
            if (replyCode > 0) {
                String error = "SMTP " + replyCode + ": " + oneLine(cause.getMessage());
                return replyCode >= 500 ? DeliveryOutcome.permanent(error) : DeliveryOutcome.retryable(error);
            }
            if (cause instanceof SendFailedException sendFailed && sendFailed.getInvalidAddresses() != null
                    && sendFailed.getInvalidAddresses().length > 0) {
                invalidAddress = true;
            }
            pending.addAll(nested(cause));
        }
        if (invalidAddress) {
            return DeliveryOutcome.permanent("the SMTP server rejected the address: " + oneLine(failure.getMessage()));
        }
        return DeliveryOutcome.retryable("SMTP: " + oneLine(failure.getMessage()));
    }

    private static int replyCode(Throwable cause) {
        if (cause instanceof SMTPAddressFailedException address) {
            return address.getReturnCode();
        }
        if (cause instanceof SMTPSendFailedException send) {
            return send.getReturnCode();
        }
        if (cause instanceof SMTPSenderFailedException sender) {
            return sender.getReturnCode();
        }
        return -1;
    }

    /** JavaMail chains its exceptions through {@code getNextException}, Spring through the failed messages. */
    private static Deque<Throwable> nested(Throwable failure) {
        Deque<Throwable> nested = new ArrayDeque<>();
        if (failure instanceof MailSendException send) {
            Collections.addAll(nested, send.getMessageExceptions());
        }
        if (failure instanceof MessagingException messaging && messaging.getNextException() != null) {
            nested.add(messaging.getNextException());
        }
        if (failure.getCause() != null) {
            nested.add(failure.getCause());
        }
        return nested;
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "no details";
        }
        String line = message.strip().replaceAll("\\s+", " ");
        return line.length() > MAX_ERROR ? line.substring(0, MAX_ERROR) + "..." : line;
    }
}
