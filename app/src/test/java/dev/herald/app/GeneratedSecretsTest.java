package dev.herald.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.herald.app.cluster.MongoWireServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Where generated secrets are kept: per node in its data directory, per cluster in the shared MongoDB. */
class GeneratedSecretsTest {

    private static final String JWT = "herald.security.jwt-secret";
    private static final String UNSUBSCRIBE = "herald.delivery.unsubscribe-secret";

    @TempDir
    Path temporary;
    private final MongoWireServer mongo = MongoWireServer.start();

    @AfterEach
    void stopMongo() {
        mongo.close();
    }

    @Test
    void nodesStartingAtOnceOnOneMongoDbAgreeOnEverySecret() throws Exception {
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            for (int cluster = 0; cluster < 10; cluster++) {
                String database = "cluster" + cluster;
                CyclicBarrier together = new CyclicBarrier(2);
                List<CompletableFuture<ConfigurableEnvironment>> started = new ArrayList<>();
                for (String node : List.of("a", "b")) {
                    ConfigurableEnvironment environment = node("mongo", database, temporary.resolve(database + node));
                    started.add(CompletableFuture.supplyAsync(() -> {
                        await(together);
                        return postProcess(environment);
                    }, nodes));
                }
                ConfigurableEnvironment a = started.get(0).get();
                ConfigurableEnvironment b = started.get(1).get();

                assertThat(a.getProperty(JWT)).hasSizeGreaterThanOrEqualTo(32).isEqualTo(b.getProperty(JWT));
                assertThat(a.getProperty(UNSUBSCRIBE)).hasSizeGreaterThanOrEqualTo(32)
                        .isEqualTo(b.getProperty(UNSUBSCRIBE)).isNotEqualTo(a.getProperty(JWT));
                assertThat(keptIn(database)).containsOnly(
                        Map.entry("jwt-secret", a.getProperty(JWT)),
                        Map.entry("unsubscribe-secret", a.getProperty(UNSUBSCRIBE)));
                assertThat(temporary.resolve(database + "a")).doesNotExist();
                assertThat(temporary.resolve(database + "b")).doesNotExist();
            }
        } finally {
            nodes.shutdownNow();
        }
    }

    @Test
    void aNodeJoiningLaterAndOnTheOtherClusterProfileUsesTheSameSecrets() {
        ConfigurableEnvironment first = postProcess(node("mongo", "herald", temporary.resolve("first")));
        ConfigurableEnvironment later = postProcess(node("axon-server", "herald", temporary.resolve("later")));

        assertThat(later.getProperty(JWT)).isEqualTo(first.getProperty(JWT));
        assertThat(later.getProperty(UNSUBSCRIBE)).isEqualTo(first.getProperty(UNSUBSCRIBE));
    }

    @Test
    void configuredSecretsWinAndAreNeitherGeneratedNorStored() {
        ConfigurableEnvironment environment = node("mongo", "herald", temporary.resolve("node"));
        environment.getPropertySources().addFirst(new MapPropertySource("configured",
                Map.of(JWT, "configured-jwt-secret-of-at-least-32-bytes")));

        postProcess(environment);

        assertThat(environment.getProperty(JWT)).isEqualTo("configured-jwt-secret-of-at-least-32-bytes");
        assertThat(keptIn("herald")).containsOnlyKeys("unsubscribe-secret");
    }

    /** A single node moved onto a shared MongoDB: links it signed before must keep working. */
    @Test
    void aNodeThatKeptSecretsInItsDataDirectoryOffersThemToTheCluster() throws Exception {
        Path dataDir = temporary.resolve("upgraded");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("unsubscribe-secret"), "unsubscribe-secret-the-node-kept-before-0123\n");

        ConfigurableEnvironment upgraded = postProcess(node("mongo", "herald", dataDir));
        ConfigurableEnvironment joining = postProcess(node("mongo", "herald", temporary.resolve("joining")));

        assertThat(upgraded.getProperty(UNSUBSCRIBE)).isEqualTo("unsubscribe-secret-the-node-kept-before-0123");
        assertThat(joining.getProperty(UNSUBSCRIBE)).isEqualTo("unsubscribe-secret-the-node-kept-before-0123");
        assertThat(keptIn("herald")).containsEntry("unsubscribe-secret", "unsubscribe-secret-the-node-kept-before-0123")
                .containsKey("jwt-secret");
    }

    /** Compose files and orchestrators pass optional settings as empty environment variables. */
    @Test
    void aSecretConfiguredBlankIsGeneratedAndUsed() {
        ConfigurableEnvironment environment = node("mongo", "herald", temporary.resolve("node"));
        environment.getPropertySources().addFirst(new MapPropertySource("blank", Map.of(JWT, " ")));

        postProcess(environment);

        assertThat(environment.getProperty(JWT)).isEqualTo(keptIn("herald").get("jwt-secret")).hasSizeGreaterThan(32);
    }

    @Test
    void aSingleNodeKeepsItsSecretsInItsDataDirectoryAcrossRestarts() throws Exception {
        Path dataDir = temporary.resolve("single");
        ConfigurableEnvironment first = postProcess(node(null, null, dataDir));
        ConfigurableEnvironment restarted = postProcess(node(null, null, dataDir));

        assertThat(Files.readString(dataDir.resolve("jwt-secret")).trim()).isEqualTo(first.getProperty(JWT));
        assertThat(restarted.getProperty(JWT)).isEqualTo(first.getProperty(JWT));
        assertThat(restarted.getProperty(UNSUBSCRIBE)).isEqualTo(first.getProperty(UNSUBSCRIBE));
        assertThat(keptIn("herald")).isEmpty();
    }

    /** Without a configured MongoDB the mongo profile runs its own embedded store, so the node is on its own too. */
    @Test
    void theMongoProfileWithoutAConfiguredMongoDbKeepsSecretsInTheDataDirectory() {
        Path dataDir = temporary.resolve("embedded");
        ConfigurableEnvironment environment = node("mongo", null, dataDir);

        postProcess(environment);

        assertThat(dataDir.resolve("unsubscribe-secret")).exists();
        assertThat(keptIn("herald")).isEmpty();
    }

    /** A node's environment as its configuration files and command line would leave it; no database means no URI. */
    private ConfigurableEnvironment node(String profile, String database, Path dataDir) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> properties = new HashMap<>();
        properties.put("herald.data-dir", dataDir.toString());
        if (profile != null) {
            environment.setActiveProfiles(profile);
        }
        if (database != null) {
            properties.put("spring.data.mongodb.uri", mongo.uri());
            properties.put("spring.data.mongodb.database", database);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("node", properties));
        return environment;
    }

    private static ConfigurableEnvironment postProcess(ConfigurableEnvironment environment) {
        new GeneratedSecrets().postProcessEnvironment(environment, null);
        return environment;
    }

    private Map<String, String> keptIn(String database) {
        try (MongoClient client = MongoClients.create(mongo.uri())) {
            Map<String, String> kept = new HashMap<>();
            client.getDatabase(database).getCollection(SharedSecrets.COLLECTION).find()
                    .forEach(document -> kept.put(document.getString("_id"), document.getString("value")));
            return kept;
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
