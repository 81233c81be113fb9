package dev.herald.app.conventions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository this build runs in: its root (where the README and the wrapper are) and its source files. */
final class Repository {

    static final Path ROOT = findRoot();

    private Repository() {
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    /** Every Maven module's directory (a directory beside the root pom with a pom of its own). */
    static List<Path> modules() {
        try (Stream<Path> children = Files.list(ROOT)) {
            return children.filter(dir -> Files.exists(dir.resolve("pom.xml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code .java} file under {@code src/<sourceSet>/java} of every module. */
    static List<Path> javaFiles(String sourceSet) {
        return modules().stream()
                .map(module -> module.resolve("src").resolve(sourceSet).resolve("java"))
                .filter(Files::isDirectory)
                .flatMap(Repository::walk)
                .filter(file -> file.toString().endsWith(".java"))
                .toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> walk(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
