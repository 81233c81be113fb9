package dev.herald.app.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A simple class name means one thing in the whole repository: two classes of one name in different packages (two
 * {@code ChannelProgress}, two {@code TestMessages}) make a reader and an IDE's import guess wrong. Likewise an
 * authority is spelled in one place, and the benchmark's code stays out of the application's packages.
 */
class UniqueClassNamesTest {

    @Test
    void noTopLevelTypeNameIsDeclaredTwice() {
        List<Path> sources = Stream.concat(Repository.javaFiles("main").stream(),
                                           Repository.javaFiles("test").stream()).toList();
        Map<String, List<String>> byName = sources.stream().collect(Collectors.groupingBy(
                file -> file.getFileName().toString().replaceFirst("\\.java$", ""), TreeMap::new,
                Collectors.mapping(file -> Repository.ROOT.relativize(file).toString(), Collectors.toList())));

        assertThat(sources).as("the scan found the modules' sources").hasSizeGreaterThan(200);
        assertThat(byName).as("type names declared in more than one file")
                .allSatisfy((name, files) -> assertThat(files).as(name).hasSize(1));
    }

    @Test
    void mainCodeOfOneModuleStaysInThatModulesPackages() {
        Map<String, List<String>> packagesByModule = Repository.javaFiles("main").stream().collect(
                Collectors.groupingBy(file -> Repository.ROOT.relativize(file).getName(0).toString(), TreeMap::new,
                Collectors.mapping(file -> packageOf(Repository.read(file)), Collectors.toList())));

        assertThat(packagesByModule.get("bench"))
                .as("the benchmark suite lives in dev.herald.bench, not in the app's packages")
                .allMatch(name -> name.equals("dev.herald.bench") || name.startsWith("dev.herald.bench."));
    }

    @Test
    void authoritiesAreSpelledOnlyWhereTheyAreNamed() {
        List<String> spelling = Repository.javaFiles("main").stream()
                .filter(file -> Repository.read(file).contains("\"SCOPE_"))
                .map(file -> Repository.ROOT.relativize(file).toString())
                .toList();

        assertThat(spelling).containsExactly("api/src/main/java/dev/herald/api/Authorities.java");
    }

    private static String packageOf(String source) {
        return source.lines().filter(line -> line.startsWith("package "))
                .map(line -> line.substring("package ".length(), line.indexOf(';')))
                .findFirst().orElse("");
    }
}
