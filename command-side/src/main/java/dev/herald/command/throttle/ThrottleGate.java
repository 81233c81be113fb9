package dev.herald.command.throttle;

import dev.herald.api.throttle.PassThrottleCommand;

/**
 * Where the Notification aggregate asks, while it handles a send, whether the send passes the recipient's throttle.
 * The answer must count every pass committed before the call, and a pass must be stored with the send that made it:
 * a read model cannot promise either, which is why the real implementation loads the Throttle aggregate in the
 * caller's unit of work. Call it only while a command is being handled, and before the send's own event is applied,
 * so that the pass comes first in the events the unit of work appends (see {@link EventSourcedThrottleGate}).
 */
public interface ThrottleGate {

    /** @return true when the send passes (its pass is then recorded), false when it is throttled */
    boolean pass(PassThrottleCommand command);
}
