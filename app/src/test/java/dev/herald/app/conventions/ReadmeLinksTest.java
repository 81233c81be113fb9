package dev.herald.app.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README links only to what the repository holds: every relative link and every file path it names in code
 * (such as {@code axon-server/docker-compose.yml}) exists, and every {@code #anchor} is one of its headings. Paths
 * under {@code target/} (build output) and outside the modules (such as {@code data/}, made at run time) are not
 * files of the repository and are not checked.
 */
class ReadmeLinksTest {

    private static final Path README = Repository.ROOT.resolve("README.md");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_PATH = Pattern.compile("`([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+/?)`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+)$", Pattern.MULTILINE);

    @Test
    void relativeLinksPointAtFilesOrHeadingsOfTheRepository() throws IOException {
        String readme = Files.readString(README);
        Set<String> anchors = anchors(readme);
        List<String> broken = new ArrayList<>();
        Matcher link = LINK.matcher(readme);
        while (link.find()) {
            String target = link.group(1);
            if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                continue;   // https:, mailto: and the like leave the repository on purpose
            }
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            if (!file.isEmpty() && !insideRepository(file)) {
                broken.add(target + " (outside the repository)");
            } else if (!file.isEmpty() && !Files.exists(Repository.ROOT.resolve(file))) {
                broken.add(target + " (no such file)");
            } else if (file.isEmpty() && anchor != null && !anchors.contains(anchor)) {
                broken.add(target + " (no such heading)");
            }
        }
        assertThat(broken).as("broken links in README.md").isEmpty();
    }

    @Test
    void filePathsNamedInCodeExist() throws IOException {
        Set<String> modules = new TreeSet<>();
        Repository.modules().forEach(module -> modules.add(module.getFileName().toString()));
        List<String> named = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Matcher code = CODE_PATH.matcher(Files.readString(README));
        while (code.find()) {
            String path = code.group(1);
            if (!modules.contains(path.substring(0, path.indexOf('/'))) || path.contains("/target/")) {
                continue;
            }
            named.add(path);
            if (!Files.exists(Repository.ROOT.resolve(path))) {
                missing.add(path);
            }
        }
        assertThat(named).as("the README names files of the repository").isNotEmpty();
        assertThat(missing).as("paths named in README.md that the repository does not hold").isEmpty();
    }

    private static boolean insideRepository(String file) {
        Path resolved = Repository.ROOT.resolve(file).normalize();
        return resolved.startsWith(Repository.ROOT) && !file.startsWith("/");
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(String readme) {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = HEADING.matcher(readme);
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase(Locale.ROOT)
                                .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
