package dev.herald.saga.delivery;

import dev.herald.api.Channel;
import java.util.ArrayList;
import java.util.List;

/** Records what the saga hands out instead of running it; can pretend its queues are full. */
final class RecordingDispatcher implements DeliveryDispatcher {

    private final List<DeliveryTask> tasks = new ArrayList<>();
    private boolean full;

    void full() {
        full = true;
    }

    @Override
    public boolean dispatch(DeliveryTask task) {
        if (full) {
            return false;
        }
        tasks.add(task);
        return true;
    }

    List<DeliveryTask> tasks() {
        return List.copyOf(tasks);
    }

    List<DeliveryTask> tasks(Channel channel) {
        return tasks.stream().filter(task -> task.channel() == channel).toList();
    }

    DeliveryTask last(Channel channel) {
        List<DeliveryTask> ofChannel = tasks(channel);
        if (ofChannel.isEmpty()) {
            throw new AssertionError("nothing was dispatched on " + channel);
        }
        return ofChannel.get(ofChannel.size() - 1);
    }
}
