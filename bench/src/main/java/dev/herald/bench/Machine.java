package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine the figures were measured on, from {@code /proc}. The load average is there because the suite
 * cannot make other processes stop: a figure measured while something else used the cores says so.
 */
record Machine(int cores, int availableProcessors, String cpuModel, double memoryGib, String kernel, String java,
               String loadAverage) {

    static Machine read() {
        List<String> cpuinfo = lines("/proc/cpuinfo");
        int cores = (int) cpuinfo.stream().filter(line -> line.startsWith("processor")).count();
        String model = cpuinfo.stream().filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
        double memoryGib = lines("/proc/meminfo").stream().filter(line -> line.startsWith("MemTotal:")).findFirst()
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0).orElse(Double.NaN);
        String kernel = lines("/proc/sys/kernel/osrelease").stream().findFirst()
                .orElse(System.getProperty("os.version"));
        return new Machine(cores, Runtime.getRuntime().availableProcessors(), model, memoryGib, kernel,
                           System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                           currentLoadAverage());
    }

    /** The 1, 5 and 15 minute load averages. */
    static String currentLoadAverage() {
        return lines("/proc/loadavg").stream().findFirst()
                .map(line -> String.join(" ", List.of(line.split(" ")).subList(0, 3))).orElse("unknown");
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            return List.of();
        }
    }
}
