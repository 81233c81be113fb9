package dev.herald.app.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

/**
 * The settings Herald documents are the settings it reads, with the defaults it applies. The bound settings come from
 * the metadata Spring Boot's configuration processor writes for every {@code @ConfigurationProperties} record
 * ({@code META-INF/spring-configuration-metadata.json} of each module); they are held against
 * {@code application.yml} (every setting with its default, or as a comment when it has none), against every
 * {@code herald.*} key named in the README or the profile files, and against the README's settings tables.
 */
class SettingsTest {

    private static final Path RESOURCES = Repository.ROOT.resolve("app/src/main/resources");
    private static final Pattern MENTIONED_KEY =
            Pattern.compile("(?<![\\w/.])herald(?:\\.(?:[a-z0-9][a-z0-9-]*|<[A-Z]+>|\\*))+(?![\\w/-])");
    private static final Pattern YAML_KEY = Pattern.compile("^( *)([A-Za-z0-9_.-]+):(?:\\s|$)");
    /** A setting without a default, listed as a comment: {@code # key: what it is}. */
    private static final Pattern COMMENTED_KEY =
            Pattern.compile("^( *)# ?([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)*):(?:\\s|$)");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| *(`herald\\.[^|]*)\\|([^|]*)\\|");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private static final Map<String, Setting> bound = new TreeMap<>();
    private static final Set<String> groups = new TreeSet<>();
    private static final Set<String> sourceTypes = new TreeSet<>();

    private record Setting(String name, String type, JsonNode defaultValue) {

        boolean hasDefault() {
            return defaultValue != null && !defaultValue.isNull();
        }

        boolean isMap() {
            return type != null && type.startsWith("java.util.Map<");
        }
    }

    @BeforeAll
    static void readMetadata() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<URL> files = Collections.list(SettingsTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"));
        for (URL file : files) {
            JsonNode metadata;
            try (InputStream in = file.openStream()) {
                metadata = json.readTree(in);
            }
            for (JsonNode group : metadata.path("groups")) {
                if (isHerald(group.path("name").asText())) {
                    groups.add(group.path("name").asText());
                    sourceTypes.add(group.path("sourceType").asText().replace('$', '.'));
                }
            }
            for (JsonNode property : metadata.path("properties")) {
                String name = property.path("name").asText();
                if (isHerald(name)) {
                    bound.put(name, new Setting(name, property.path("type").asText(null),
                                                property.get("defaultValue")));
                }
            }
        }
        assertThat(bound).as("herald.* settings in the configuration metadata").containsKey("herald.commands.timeout");
    }

    @Test
    void everyConfigurationPropertiesRecordHasMetadata() {
        List<String> records = Repository.javaFiles("main").stream()
                .filter(file -> Repository.read(file).contains("@ConfigurationProperties("))
                .map(SettingsTest::className)
                .toList();

        assertThat(records).isNotEmpty();
        assertThat(sourceTypes).as("records with configuration metadata (spring-boot-configuration-processor in"
                                   + " their module)").containsAll(records);
    }

    @Test
    void everySettingIsInApplicationYmlWithItsDefault() throws IOException {
        String text = Files.readString(RESOURCES.resolve("application.yml"));
        Map<String, Object> values = flatten(new Yaml().load(text));
        Set<String> commented = commentedKeys(text);
        List<String> wrong = new ArrayList<>();
        for (Setting setting : bound.values()) {
            Object value = values.get(setting.name());
            if (setting.hasDefault()) {
                if (!values.containsKey(setting.name())) {
                    wrong.add(setting.name() + " is missing (default " + setting.defaultValue() + ")");
                } else if (!sameValue(setting, value)) {
                    wrong.add(setting.name() + " is " + value + ", its record's default " + setting.defaultValue());
                }
            } else if (value != null) {
                wrong.add(setting.name() + " is " + value + " but its record has no default");
            } else if (!values.containsKey(setting.name()) && !commented.contains(setting.name())) {
                wrong.add(setting.name() + " (no default) is not listed, not even as a comment");
            }
        }
        assertThat(wrong).as("application.yml against the bound settings").isEmpty();
    }

    @Test
    void everyHeraldKeyInTheYmlFilesIsBound() throws IOException {
        List<String> unbound = new ArrayList<>();
        try (Stream<Path> files = Files.list(RESOURCES)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
                String text = Files.readString(file);
                Set<String> keys = new TreeSet<>(flatten(new Yaml().load(text)).keySet());
                keys.addAll(commentedKeys(text));
                keys.addAll(mentionedKeys(text));
                keys.stream().filter(SettingsTest::isHerald).filter(key -> !isBound(key))
                        .forEach(key -> unbound.add(file.getFileName() + ": " + key));
            }
        }
        assertThat(unbound).as("herald.* keys that no record binds").isEmpty();
    }

    @Test
    void everyHeraldKeyTheReadmeNamesIsBound() throws IOException {
        Set<String> keys = mentionedKeys(Files.readString(Repository.ROOT.resolve("README.md")));

        assertThat(keys).as("the README names settings").contains("herald.commands.timeout");
        assertThat(keys).as("herald.* keys in the README that no record binds")
                .allMatch(SettingsTest::isBound, "bound");
    }

    /** Rows like {@code | `herald.a.b` / `c` | `1s` / `2s` | ...}: the second key is a sibling of the first. */
    @Test
    void theReadmesSettingsTablesGiveTheBoundDefaults() throws IOException {
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        for (String line : Files.readAllLines(Repository.ROOT.resolve("README.md"))) {
            Matcher row = TABLE_ROW.matcher(line);
            if (!row.find()) {
                continue;
            }
            rows++;
            List<String> keys = codes(row.group(1));
            String parent = keys.get(0).substring(0, keys.get(0).lastIndexOf('.') + 1);
            List<String> names = keys.stream().map(key -> key.startsWith("herald.") ? key : parent + key).toList();
            List<String> defaults = codes(row.group(2));
            for (int i = 0; i < names.size(); i++) {
                Setting setting = bound.get(names.get(i));
                if (setting == null) {
                    if (!isBound(names.get(i))) {
                        wrong.add(names.get(i) + " is not bound");
                    }
                } else if (defaults.isEmpty()) {
                    if (setting.hasDefault()) {
                        wrong.add(setting.name() + ": the README gives no default, its record "
                                  + setting.defaultValue());
                    }
                } else if (defaults.size() != names.size() || !sameValue(setting, defaults.get(i))) {
                    wrong.add(setting.name() + ": the README says " + row.group(2).trim() + ", its record "
                              + setting.defaultValue());
                }
            }
        }
        assertThat(rows).as("settings rows in the README").isGreaterThan(5);
        assertThat(wrong).as("README settings tables against the bound defaults").isEmpty();
    }

    private static boolean isHerald(String name) {
        return name.equals("herald") || name.startsWith("herald.");
    }

    /** A bound setting, a group of them ({@code herald.live}, {@code herald.live.*}), or an entry of a bound map. */
    private static boolean isBound(String key) {
        String name = key.replaceAll("\\.\\*$", "").replaceAll("\\.<[A-Z]+>.*$", ".KEY");
        if (bound.containsKey(name) || groups.contains(name)) {
            return true;
        }
        if (bound.keySet().stream().anyMatch(setting -> setting.startsWith(name + "."))) {
            return true;
        }
        return bound.values().stream().filter(Setting::isMap).anyMatch(map -> name.startsWith(map.name() + "."));
    }

    private static boolean sameValue(Setting setting, Object value) {
        String text = String.valueOf(value).replaceAll("\\$\\{[^:}]+:([^}]*)}", "$1");
        JsonNode expected = setting.defaultValue();
        if ("java.time.Duration".equals(setting.type())) {
            return DurationStyle.detectAndParse(text).equals(DurationStyle.detectAndParse(expected.asText()));
        }
        if (setting.type().startsWith("java.util.Set<") || setting.type().startsWith("java.util.List<")) {
            List<String> items = new ArrayList<>();
            if (expected.isArray()) {
                expected.forEach(item -> items.add(item.asText()));
            } else {
                items.addAll(items(expected.asText()));   // the processor writes an array default as "[a, b]"
            }
            List<String> given = items(text);
            return setting.type().startsWith("java.util.Set<")
                    ? new LinkedHashSet<>(items).equals(new LinkedHashSet<>(given)) : items.equals(given);
        }
        return expected.asText().equalsIgnoreCase(text);
    }

    private static List<String> items(String list) {
        return Arrays.stream(list.replaceAll("[\\[\\]]", "").split(",")).map(String::trim).toList();
    }

    private static Map<String, Object> flatten(Map<String, Object> yaml) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", yaml, flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> yaml, Map<String, Object> flat) {
        if (yaml == null) {
            return;
        }
        yaml.forEach((key, value) -> {
            String name = prefix + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name + ".", (Map<String, Object>) nested, flat);
            } else {
                flat.put(name, value);
            }
        });
    }

    /** Keys written as comments, named by where the comment stands: {@code # jwt-secret: ...} under security. */
    private static Set<String> commentedKeys(String yaml) {
        Set<String> keys = new TreeSet<>();
        List<int[]> indents = new ArrayList<>();
        List<String> path = new ArrayList<>();
        for (String line : yaml.lines().toList()) {
            Matcher key = YAML_KEY.matcher(line);
            Matcher comment = COMMENTED_KEY.matcher(line);
            boolean isKey = key.find();
            boolean isComment = !isKey && comment.find();
            if (!isKey && !isComment) {
                continue;
            }
            int indent = (isKey ? key : comment).group(1).length();
            while (!indents.isEmpty() && indents.get(indents.size() - 1)[0] >= indent) {
                indents.remove(indents.size() - 1);
                path.remove(path.size() - 1);
            }
            if (isKey) {
                indents.add(new int[] {indent});
                path.add(key.group(2));
            } else {
                keys.add(String.join(".", path) + (path.isEmpty() ? "" : ".") + comment.group(2));
            }
        }
        return keys;
    }

    private static Set<String> mentionedKeys(String text) {
        Set<String> keys = new TreeSet<>();
        Matcher matcher = MENTIONED_KEY.matcher(text);
        while (matcher.find()) {
            keys.add(matcher.group().replaceAll("\\.$", ""));
        }
        return keys;
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            codes.add(code.group(1));
        }
        return codes;
    }

    private static String className(Path source) {
        String text = Repository.read(source);
        Matcher pkg = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(text);
        String simple = source.getFileName().toString().replaceFirst("\\.java$", "");
        return pkg.find() ? pkg.group(1) + "." + simple : simple;
    }
}
