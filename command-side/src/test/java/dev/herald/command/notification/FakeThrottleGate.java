package dev.herald.command.notification;

import dev.herald.api.throttle.PassThrottleCommand;
import dev.herald.command.throttle.ThrottleGate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A throttle gate with canned answers per key (every key passes unless closed), recording what it was asked. */
class FakeThrottleGate implements ThrottleGate {

    private final Set<String> closedKeys = new HashSet<>();
    private final List<PassThrottleCommand> asked = new ArrayList<>();

    FakeThrottleGate closing(String key) {
        closedKeys.add(key);
        return this;
    }

    List<PassThrottleCommand> asked() {
        return asked;
    }

    @Override
    public boolean pass(PassThrottleCommand command) {
        asked.add(command);
        return !closedKeys.contains(command.rule().key());
    }
}
