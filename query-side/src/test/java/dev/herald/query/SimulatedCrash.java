package dev.herald.query;

/** Stands for the process dying between two writes of one event. */
public final class SimulatedCrash extends RuntimeException {

    public SimulatedCrash(int write) {
        super("simulated crash before write " + write);
    }
}
