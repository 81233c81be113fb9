package dev.herald.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Secrets that a single-node installation should not have to invent: where one is not configured, it is generated
 * on first start and kept in the data directory (readable by the owner only), so restarts keep accepting tokens and
 * links issued before. A cluster configures them, the same on every node. Added with the lowest precedence, so any
 * configured value wins.
 */
public class GeneratedSecrets implements EnvironmentPostProcessor {

    static final Map<String, String> FILES = Map.of(
            "herald.security.jwt-secret", "jwt-secret",
            "herald.delivery.unsubscribe-secret", "unsubscribe-secret");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path dataDir = Path.of(environment.getProperty("herald.data-dir", "./data")).toAbsolutePath().normalize();
        Map<String, Object> generated = new HashMap<>();
        FILES.forEach((property, file) -> {
            String configured = environment.getProperty(property);
            if (configured == null || configured.isBlank()) {
                generated.put(property, readOrCreate(dataDir.resolve(file)));
            }
        });
        if (!generated.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource("heraldGeneratedSecrets", generated));
        }
    }

    private static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[48];
            RANDOM.nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, secret + "\n");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file keeps the directory's permissions.
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a generated secret in " + file, e);
        }
    }
}
