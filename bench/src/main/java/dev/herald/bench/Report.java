package dev.herald.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures as a table on the console and as a JSON file. */
final class Report {

    private static final String ROW = "%-22s %-40s %14s  %-44s %8s  %-12s %s%n";

    private final List<Figure> figures;

    Report(List<Figure> figures) {
        this.figures = List.copyOf(figures);
    }

    List<Figure> figures() {
        return figures;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, ROW, "benchmark", "figure", "value", "ceiling (same run)", "ratio", "target",
                   "result");
        out.println("-".repeat(156));
        String previous = null;
        for (Figure figure : figures) {
            String benchmark = figure.benchmark().equals(previous) ? "" : figure.benchmark();
            previous = figure.benchmark();
            List<Figure.Ceiling> ceilings = figure.ceilings();
            Figure.Ceiling first = ceilings.isEmpty() ? null : ceilings.get(0);
            out.printf(Locale.ROOT, ROW, benchmark, figure.name(), format(figure.value(), figure.unit()),
                       first == null ? "" : ceiling(first), first == null ? "" : ratio(figure.ratio(first)),
                       target(figure), figure.result());
            for (Figure.Ceiling more : ceilings.subList(Math.min(1, ceilings.size()), ceilings.size())) {
                out.printf(Locale.ROOT, ROW, "", "", "", ceiling(more), ratio(figure.ratio(more)), "", "");
            }
            if (figure.note() != null) {
                out.printf(Locale.ROOT, "%-22s   %s%n", "", figure.note());
            }
        }
    }

    void write(Path file, Map<String, Object> context) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>(context);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure figure : figures) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("benchmark", figure.benchmark());
            row.put("figure", figure.name());
            row.put("unit", figure.unit());
            row.put("value", figure.value());
            row.put("runs", figure.runs());
            List<Map<String, Object>> ceilings = new ArrayList<>();
            for (Figure.Ceiling ceiling : figure.ceilings()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", ceiling.name());
                entry.put("value", ceiling.value());
                entry.put("unit", ceiling.unit());
                entry.put("ratio", figure.ratio(ceiling));
                ceilings.add(entry);
            }
            row.put("ceilings", ceilings);
            row.put("target", figure.target() == null ? null : target(figure));
            row.put("result", figure.result());
            row.put("note", figure.note());
            rows.add(row);
        }
        document.put("figures", rows);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .writeValue(file.toFile(), document);
    }

    private static String ceiling(Figure.Ceiling ceiling) {
        return ceiling.name() + " " + format(ceiling.value(), ceiling.unit());
    }

    private static String target(Figure figure) {
        if (figure.target() == null) {
            return "";
        }
        return (figure.target().atLeast() ? ">= " : "<= ") + format(figure.target().bound(), figure.unit());
    }

    private static String ratio(double ratio) {
        if (Double.isNaN(ratio)) {
            return "n/a";
        }
        if (Double.isInfinite(ratio)) {
            return "inf";
        }
        return String.format(Locale.ROOT, ratio >= 100 ? "%.0f" : "%.2f", ratio);
    }

    static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return "never";
        }
        return switch (unit) {
            case "/s" -> String.format(Locale.ROOT, "%,.0f/s", value);
            case "ms" -> String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%,.1f ms", value);
            case "s" -> String.format(Locale.ROOT, "%.2f s", value);
            case "MiB" -> String.format(Locale.ROOT, "%,.0f MiB", value);
            case "%" -> String.format(Locale.ROOT, "%.2f %%", value);
            case "us" -> String.format(Locale.ROOT, "%,.1f us", value);
            case "cores" -> String.format(Locale.ROOT, "%.2f cores", value);
            case "x" -> String.format(Locale.ROOT, "%.2f", value);
            default -> String.format(Locale.ROOT, "%,.0f", value);
        };
    }
}
