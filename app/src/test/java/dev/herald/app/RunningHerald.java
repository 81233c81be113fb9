package dev.herald.app;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A real Herald, started in this JVM on a data directory of the test's choosing and reached over real HTTP on a
 * random port. Closing it stops it the way a normal shutdown does, so a test can start another on the same data.
 */
final class RunningHerald implements AutoCloseable {

    static final String ADMIN_KEY = "hk_integration_test_bootstrap_admin_key";
    static final String JWT_SECRET = "integration-test-jwt-secret-of-at-least-32-bytes";

    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    final int port;
    final WebTestClient http;

    private RunningHerald(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        this.http = WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
    }

    static RunningHerald start(Path dataDir, String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "--herald.security.bootstrap-api-key=" + ADMIN_KEY,
                "--herald.security.jwt-secret=" + JWT_SECRET));
        arguments.addAll(List.of(extraArguments));
        return launch(dataDir, arguments);
    }

    /** A node of a cluster profile ({@code mongo}, {@code axon-server}) on the MongoDB at {@code mongoUri}. */
    static RunningHerald onProfile(String profile, String mongoUri, Path dataDir, String... extraArguments) {
        List<String> arguments = new ArrayList<>(clusterArguments(profile, mongoUri));
        arguments.addAll(List.of(extraArguments));
        return start(dataDir, arguments.toArray(String[]::new));
    }

    /** The same, configuring no secret at all: the node uses (or generates) those the cluster keeps in MongoDB. */
    static RunningHerald onProfileWithoutSecrets(String profile, String mongoUri, Path dataDir) {
        return launch(dataDir, clusterArguments(profile, mongoUri));
    }

    private static List<String> clusterArguments(String profile, String mongoUri) {
        return List.of("--spring.profiles.active=" + profile, "--spring.data.mongodb.uri=" + mongoUri);
    }

    private static RunningHerald launch(Path dataDir, List<String> extraArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--herald.data-dir=" + dataDir,
                "--axon.update-check.disabled=true"));
        arguments.addAll(extraArguments);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(HeraldApplication.class)
                .run(arguments.toArray(String[]::new));
        return new RunningHerald(context, dataDir);
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    Api api() {
        return new Api(http);
    }

    <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Counts rows in the embedded event store, read through its own file (SQLite allows concurrent readers). */
    long storedEvents(String payloadTypeSuffix) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("events.db"));
             PreparedStatement query = connection.prepareStatement(
                     "SELECT COUNT(*) FROM DomainEventEntry WHERE payloadType LIKE ?")) {
            query.setString(1, "%" + payloadTypeSuffix);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long storedEvents() {
        return storedEvents("");
    }

    @Override
    public void close() {
        context.close();
    }
}
