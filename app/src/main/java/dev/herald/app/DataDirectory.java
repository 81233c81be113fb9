package dev.herald.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The instance's data directory: embedded stores and the secrets generated on first start. */
@Component
public class DataDirectory {

    /** How long a connection to any of the directory's SQLite files waits for another's lock before it fails. */
    public static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    public DataDirectory(HeraldProperties properties) {
        this.root = properties.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    /** The secret kept in {@code file}, if there is one. */
    public static Optional<String> kept(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret in " + file, e);
        }
    }

    /** {@code bytes} random bytes, base64url without padding, after {@code prefix}. */
    public static String randomSecret(String prefix, int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** A secret kept in the data directory (or, on a cluster, in {@link SharedSecrets}). */
    public record Secret(String value, boolean created) {
    }

    /**
     * Reads the secret kept in {@code fileName}, or makes one of {@code bytes} random bytes (base64url, with the
     * given prefix), stores it readable by the owner only, and reports that it was created.
     */
    public synchronized Secret secret(String fileName, String prefix, int bytes) {
        Path file = root.resolve(fileName);
        Optional<String> kept = kept(file);
        if (kept.isPresent()) {
            return new Secret(kept.get(), false);
        }
        try {
            String value = randomSecret(prefix, bytes);
            Path temporary = root.resolve(fileName + ".tmp");
            Files.writeString(temporary, value + "\n", StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file keeps the directory's permissions.
            }
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Secret(value, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep secret in " + file, e);
        }
    }
}
