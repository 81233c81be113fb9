package dev.herald.saga.delivery;

import java.time.Instant;
import org.axonframework.deadline.DeadlineManager;

/**
 * Where the saga stands with one channel: the attempt it last handed out and the deadlines it holds for it. Part of
 * the saga's stored state, so only plain fields.
 */
final class ChannelProgress {

    enum Stage {
        /** Not attempted yet: the notification is scheduled, or IN_APP, which the inbox delivers. */
        PENDING,
        /** An attempt is with a worker; a watchdog deadline guards it. */
        ATTEMPTING,
        /** The last attempt failed; a retry deadline is set. */
        WAITING_TO_RETRY,
        /** A final outcome was requested (failed, skipped, cancelled); no more attempts, waiting for its event. */
        CLOSING,
        /** The channel has its final outcome. */
        FINISHED
    }

    private Stage stage = Stage.PENDING;
    /** When the channel became due, when that is not when the notification did: the end of a quiet-hours hold. */
    private Instant dueAt;
    private int attempt;
    private String watchdogId;
    private String retryId;

    /** Held by quiet hours until {@code until}: still pending, due only then. */
    void held(Instant until) {
        this.dueAt = until;
    }

    /** When this channel became due: the notification's due time, or the end of the quiet hours that held it. */
    Instant dueAt(Instant notificationDueAt) {
        return dueAt != null ? dueAt : notificationDueAt;
    }

    boolean isPending() {
        return stage == Stage.PENDING;
    }

    boolean isAttempting(int attempt) {
        return stage == Stage.ATTEMPTING && this.attempt == attempt;
    }

    /**
     * Whether a signal about {@code attempt} (its failure, its watchdog) concerns what this channel is doing: the
     * attempt it is making, or the one it is waiting to make. The second happens when a restart lost the saga's
     * last step but not the deadline that step had already consumed (a store without a shared transaction): the
     * attempt did start, so the saga catches up instead of waiting for a retry deadline that is gone.
     */
    boolean isCurrent(int attempt) {
        return isAttempting(attempt) || isWaitingToRetry(attempt);
    }

    boolean isWaitingToRetry(int nextAttempt) {
        return stage == Stage.WAITING_TO_RETRY && attempt + 1 == nextAttempt;
    }

    /** Still open to attempts or to a final outcome requested by the saga. */
    boolean isOpen() {
        return stage != Stage.CLOSING && stage != Stage.FINISHED;
    }

    boolean isFinished() {
        return stage == Stage.FINISHED;
    }

    int attempt() {
        return attempt;
    }

    void attempting(int attempt, String watchdogId) {
        this.stage = Stage.ATTEMPTING;
        this.attempt = attempt;
        this.watchdogId = watchdogId;
        this.retryId = null;
    }

    void waitingToRetry(int failedAttempt, String retryId, DeadlineManager deadlines) {
        cancelDeadlines(deadlines);
        this.stage = Stage.WAITING_TO_RETRY;
        this.attempt = failedAttempt;
        this.retryId = retryId;
    }

    void closing(DeadlineManager deadlines) {
        cancelDeadlines(deadlines);
        this.stage = Stage.CLOSING;
    }

    void finished(DeadlineManager deadlines) {
        cancelDeadlines(deadlines);
        this.stage = Stage.FINISHED;
    }

    private void cancelDeadlines(DeadlineManager deadlines) {
        if (watchdogId != null) {
            deadlines.cancelSchedule(DeliverySaga.WATCHDOG_DEADLINE, watchdogId);
            watchdogId = null;
        }
        if (retryId != null) {
            deadlines.cancelSchedule(DeliverySaga.RETRY_DEADLINE, retryId);
            retryId = null;
        }
    }
}
