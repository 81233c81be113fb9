package dev.herald.query.status;

import dev.herald.api.Channel;
import dev.herald.api.inbox.ChannelStatus;
import dev.herald.api.inbox.DeliveryAttempt;
import dev.herald.api.notification.ChannelState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.data.annotation.PersistenceCreator;

/**
 * One channel of a notification. Attempts are keyed by their number and kept in that order, so that recording an
 * attempt twice changes nothing. Once the status is final the channel no longer changes, as in the aggregate.
 */
record ChannelRecord(Channel channel, ChannelState status, List<AttemptRecord> attempts, Instant heldUntil) {

    /** The constructor a stored record is read with (the other one leaves out the hold). */
    @PersistenceCreator
    ChannelRecord {
    }

    /** A record stored before quiet hours existed reads as never held. */
    ChannelRecord(Channel channel, ChannelState status, List<AttemptRecord> attempts) {
        this(channel, status, attempts, null);
    }

    static ChannelRecord pending(Channel channel) {
        return new ChannelRecord(channel, ChannelState.PENDING, List.of());
    }

    static ChannelRecord skipped(Channel channel) {
        return new ChannelRecord(channel, ChannelState.SKIPPED, List.of());
    }

    /** Held by quiet hours until then; a channel with an attempt or an outcome is no longer waiting for them. */
    ChannelRecord held(Instant until) {
        if (status.isFinal() || !attempts.isEmpty()) {
            return this;
        }
        return new ChannelRecord(channel, status, attempts, until);
    }

    ChannelRecord attemptStarted(int attempt, String provider, Instant at) {
        if (status.isFinal()) {
            return this;
        }
        return new ChannelRecord(channel, status, withAttempt(attempt, at, null, provider));
    }

    ChannelRecord attemptFailed(int attempt, String error, boolean retrying, String provider, Instant at) {
        if (status.isFinal()) {
            return this;
        }
        return new ChannelRecord(channel, retrying ? ChannelState.RETRYING : status,
                                   withAttempt(attempt, at, error, provider));
    }

    ChannelRecord succeeded(int attempt, String provider, Instant at) {
        if (status.isFinal()) {
            return this;
        }
        return new ChannelRecord(channel, ChannelState.DELIVERED, withAttempt(attempt, at, null, provider));
    }

    /** The last attempt's failure is normally recorded already; this only fills it in when it is not. */
    ChannelRecord failed(int attempts, String lastError, Instant at) {
        if (status.isFinal()) {
            return this;
        }
        List<AttemptRecord> recorded = attempts > 0 ? withAttempt(attempts, at, lastError, null) : this.attempts;
        return new ChannelRecord(channel, ChannelState.FAILED, recorded);
    }

    ChannelRecord ended(ChannelState finalStatus) {
        return status.isFinal() ? this : new ChannelRecord(channel, finalStatus, attempts);
    }

    ChannelStatus toStatus() {
        return new ChannelStatus(channel, status, attempts.stream()
                .map(attempt -> new DeliveryAttempt(attempt.attempt(), attempt.at(), attempt.error(),
                                                    attempt.provider()))
                .toList(), heldUntil);
    }

    /**
     * Adds the attempt if it is new; a known attempt keeps its time and only gains an error or a provider it did not
     * have.
     */
    private List<AttemptRecord> withAttempt(int attempt, Instant at, String error, String provider) {
        List<AttemptRecord> updated = new ArrayList<>(attempts.size() + 1);
        boolean known = false;
        for (AttemptRecord existing : attempts) {
            if (existing.attempt() == attempt) {
                known = true;
                String keptError = existing.error() != null ? existing.error() : error;
                String keptProvider = existing.provider() != null ? existing.provider() : provider;
                updated.add(new AttemptRecord(attempt, existing.at(), keptError, keptProvider));
            } else {
                updated.add(existing);
            }
        }
        if (!known) {
            updated.add(new AttemptRecord(attempt, at, error, provider));
            updated.sort(Comparator.comparingInt(AttemptRecord::attempt));
        }
        return updated;
    }
}
