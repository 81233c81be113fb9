package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One reported figure: the median of its runs, the ceilings it is compared with (ratio = value / ceiling), and
 * its target, if it has one.
 *
 * @param runs  the value of each run (NaN where a run could not measure it)
 * @param note  what the reader needs to know, such as why it is unavailable
 */
record Figure(String benchmark, String name, String unit, double value, List<Double> runs, List<Ceiling> ceilings,
              Target target, String note) {

    /** A figure measured on this machine in this same invocation that bounds another one. */
    record Ceiling(String name, double value, String unit) {
    }

    /** A bound the figure must stay on the right side of. */
    record Target(boolean atLeast, double bound) {

        static Target atLeast(double bound) {
            return new Target(true, bound);
        }

        static Target atMost(double bound) {
            return new Target(false, bound);
        }

        boolean metBy(double value) {
            return atLeast ? value >= bound : value <= bound;
        }
    }

    static Figure of(String benchmark, String name, String unit, List<Double> runs) {
        return new Figure(benchmark, name, unit, Stats.median(runs), List.copyOf(runs), List.of(), null, null);
    }

    static Figure unavailable(String benchmark, String name, String unit, Target target, String reason) {
        return new Figure(benchmark, name, unit, Double.NaN, List.of(), List.of(), target, "unavailable: " + reason);
    }

    Figure against(String ceilingName, double ceilingValue, String ceilingUnit) {
        List<Ceiling> more = new ArrayList<>(ceilings);
        more.add(new Ceiling(ceilingName, ceilingValue, ceilingUnit));
        return new Figure(benchmark, name, unit, value, runs, List.copyOf(more), target, note);
    }

    Figure target(Target target) {
        return new Figure(benchmark, name, unit, value, runs, ceilings, target, note);
    }

    Figure note(String text) {
        return new Figure(benchmark, name, unit, value, runs, ceilings, target, text);
    }

    double ratio(Ceiling ceiling) {
        return value / ceiling.value();
    }

    /** PASS, MISS, {@code n/a} when the figure could not be measured, or {@code -} when it has no target. */
    String result() {
        if (target == null) {
            return "-";
        }
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return target.metBy(value) ? "PASS" : "MISS";
    }
}
