package dev.herald.app;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Secrets that nobody should have to invent: where one is not configured, it is generated on first start and kept,
 * so restarts keep accepting tokens and links issued before. A single node keeps them in its data directory
 * (readable by the owner only). A node of a cluster profile on a configured MongoDB keeps them in that shared store
 * ({@link SharedSecrets}), generated once for the whole cluster, so that a link signed by one node is accepted by
 * every other. A configured value always wins; a blank one counts as not configured.
 */
public class GeneratedSecrets implements EnvironmentPostProcessor {

    /** Each generated property and the name it is kept under (file in the data directory, or shared document id). */
    static final Map<String, String> NAMES = Map.of(
            "herald.security.jwt-secret", "jwt-secret",
            "herald.delivery.unsubscribe-secret", "unsubscribe-secret");
    static final String PROPERTY_SOURCE = "heraldGeneratedSecrets";
    private static final int SECRET_BYTES = 48;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, String> missing = new HashMap<>();
        NAMES.forEach((property, name) -> {
            String configured = environment.getProperty(property);
            if (configured == null || configured.isBlank()) {
                missing.put(property, name);
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        Path dataDir = Path.of(environment.getProperty("herald.data-dir", HeraldProperties.DEFAULT_DATA_DIR))
                .toAbsolutePath().normalize();
        Map<String, Object> generated = new HashMap<>();
        if (SharedSecrets.isShared(environment)) {
            // A node that kept a secret in its data directory before (a single node moved to a shared MongoDB, or
            // an earlier version) offers that one, so the links and tokens it signed keep working.
            try (MongoClient client = MongoClients.create(environment.getProperty("spring.data.mongodb.uri"))) {
                SharedSecrets shared = new SharedSecrets(client.getDatabase(SharedSecrets.databaseName(environment)));
                missing.forEach((property, name) -> generated.put(property, shared.readOrCreate(name,
                        () -> DataDirectory.kept(dataDir.resolve(name))
                                .orElseGet(() -> DataDirectory.randomSecret("", SECRET_BYTES))).value()));
            } catch (MongoException e) {
                throw new IllegalStateException("cannot read or keep the cluster's generated secrets in the MongoDB"
                        + " at spring.data.mongodb.uri (collection " + SharedSecrets.COLLECTION + ")", e);
            }
        } else {
            missing.forEach((property, name) -> generated.put(property, readOrCreate(dataDir.resolve(name))));
        }
        // Lowest precedence, so that nothing configured is overridden; but a secret configured as blank (an empty
        // environment variable, as compose files and secret mounts leave optional ones) must give way.
        MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE, generated);
        if (missing.keySet().stream().anyMatch(environment::containsProperty)) {
            environment.getPropertySources().addFirst(source);
        } else {
            environment.getPropertySources().addLast(source);
        }
    }

    private static String readOrCreate(Path file) {
        Optional<String> kept = DataDirectory.kept(file);
        if (kept.isPresent()) {
            return kept.get();
        }
        try {
            Files.createDirectories(file.getParent());
            String secret = DataDirectory.randomSecret("", SECRET_BYTES);
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
