package dev.herald.app.axon;

import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's db-scheduler deadline manager, except that cancelling a deadline which is firing at that moment is not an
 * error. A deadline handler sends a command; its event can reach the saga's event handler, which cancels that very
 * deadline, while db-scheduler still counts the execution as running (it deletes the row only after the handler's
 * transaction completed). db-scheduler then throws {@link TaskInstanceCurrentlyExecutingException}, which failed the
 * whole event batch and put the delivery processor into retry mode, again and again under load (seen in
 * {@code CrashIT}'s digest run on 2026-12-05). A firing deadline cannot be cancelled anyway: it is done once its
 * handler returns, and each saga's deadline handler checks that the deadline is still the one it waits for.
 * Axon offers no setting for this; {@code runOnPrepareCommitOrNow} is the one place every cancel goes through.
 */
final class FiredDeadlineTolerantManager extends DbSchedulerDeadlineManager {

    private static final Logger log = LoggerFactory.getLogger(FiredDeadlineTolerantManager.class);

    FiredDeadlineTolerantManager(Builder builder) {
        super(builder);
    }

    @Override
    protected void runOnPrepareCommitOrNow(Runnable task) {
        super.runOnPrepareCommitOrNow(() -> {
            try {
                task.run();
            } catch (TaskInstanceCurrentlyExecutingException firing) {
                log.debug("Not cancelling a deadline that is firing now: {}", firing.getMessage());
            }
        });
    }
}
