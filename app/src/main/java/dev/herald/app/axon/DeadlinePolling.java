package dev.herald.app.axon;

import org.springframework.context.SmartLifecycle;

/**
 * Starts a deadline manager's polling once Axon's processors and sagas are running (deadlines are delivered to them)
 * and stops it before they stop: the same on every profile, whatever keeps the deadlines.
 */
final class DeadlinePolling implements SmartLifecycle {

    private final Runnable start;
    private final Runnable stop;
    private volatile boolean running;

    DeadlinePolling(Runnable start, Runnable stop) {
        this.start = start;
        this.stop = stop;
    }

    @Override
    public void start() {
        start.run();
        running = true;
    }

    @Override
    public void stop() {
        stop.run();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
