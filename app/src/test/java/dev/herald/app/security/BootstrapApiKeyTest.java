package dev.herald.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.herald.app.DataDirectory;
import dev.herald.app.HeraldProperties;
import dev.herald.app.SharedSecrets;
import dev.herald.app.cluster.MongoWireServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

/** Without a configured key, a cluster gets one admin key, not one per node; a single node keeps its own in a file. */
class BootstrapApiKeyTest {

    @TempDir
    Path temporary;
    private final MongoWireServer mongo = MongoWireServer.start();
    private final MongoClient client = MongoClients.create(mongo.uri());

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void nodesStartingAtOnceMakeOneKeyForTheWholeCluster() throws Exception {
        for (int cluster = 0; cluster < 5; cluster++) {
            String database = "cluster" + cluster;
            CyclicBarrier together = new CyclicBarrier(2);
            List<CompletableFuture<Void>> nodes = List.of("a", "b").stream()
                    .map(node -> bootstrapKey("mongo", database, temporary.resolve(database + node)))
                    .map(key -> CompletableFuture.runAsync(() -> {
                        await(together);
                        key.afterPropertiesSet();
                    }))
                    .toList();
            CompletableFuture.allOf(nodes.toArray(CompletableFuture[]::new)).get();

            Document kept = client.getDatabase(database).getCollection(SharedSecrets.COLLECTION)
                    .find(new Document("_id", BootstrapApiKey.FILE)).first();
            assertThat(kept).isNotNull();
            String key = kept.getString("value");
            assertThat(key).startsWith(ApiKeyStore.KEY_PREFIX);
            ApiKeyStore keys = new ApiKeyStore(new MongoApiKeyRecords(new MongoTemplate(client, database)));
            assertThat(keys.list()).singleElement().satisfies(admin -> {
                assertThat(admin.scopes()).contains(Scope.ADMIN, Scope.SEND);
                assertThat(keys.findLive(key)).contains(admin);
            });
            assertThat(temporary.resolve(database + "a").resolve(BootstrapApiKey.FILE)).doesNotExist();
            assertThat(temporary.resolve(database + "b").resolve(BootstrapApiKey.FILE)).doesNotExist();
        }
    }

    @Test
    void aKeyANodeKeptInItsDataDirectoryBeforeBecomesTheClustersKey() throws Exception {
        Path dataDir = temporary.resolve("upgraded");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(BootstrapApiKey.FILE), "hk_the_key_this_node_generated_before\n");

        bootstrapKey("mongo", "herald", dataDir).afterPropertiesSet();
        bootstrapKey("mongo", "herald", temporary.resolve("joining")).afterPropertiesSet();

        assertThat(client.getDatabase("herald").getCollection(SharedSecrets.COLLECTION)
                .find(new Document("_id", BootstrapApiKey.FILE)).first().getString("value"))
                .isEqualTo("hk_the_key_this_node_generated_before");
        ApiKeyStore keys = new ApiKeyStore(new MongoApiKeyRecords(new MongoTemplate(client, "herald")));
        assertThat(keys.list()).singleElement()
                .isEqualTo(keys.findLive("hk_the_key_this_node_generated_before").orElseThrow());
    }

    @Test
    void aSingleNodeKeepsItsKeyInItsDataDirectory() {
        Path dataDir = temporary.resolve("single");
        bootstrapKey(null, "herald", dataDir).afterPropertiesSet();

        assertThat(dataDir.resolve(BootstrapApiKey.FILE)).exists();
        assertThat(client.getDatabase("herald").getCollection(SharedSecrets.COLLECTION).countDocuments()).isZero();
        assertThat(new ApiKeyStore(new MongoApiKeyRecords(new MongoTemplate(client, "herald"))).list()).hasSize(1);
    }

    /** A node's bootstrap step as its context would build it; a profile means a configured cluster MongoDB. */
    private BootstrapApiKey bootstrapKey(String profile, String database, Path dataDir) {
        StandardEnvironment environment = new StandardEnvironment();
        if (profile != null) {
            environment.setActiveProfiles(profile);
            environment.getPropertySources().addFirst(new MapPropertySource("node", Map.of(
                    "spring.data.mongodb.uri", mongo.uri(), "spring.data.mongodb.database", database)));
        }
        HeraldProperties properties = new HeraldProperties(dataDir, Set.of(),
                new HeraldProperties.Security(null, null, Duration.ofHours(1), Duration.ofHours(24)), null, null);
        SimpleMongoClientDatabaseFactory databaseFactory = new SimpleMongoClientDatabaseFactory(client, database);
        ApiKeyStore keys = new ApiKeyStore(new MongoApiKeyRecords(new MongoTemplate(databaseFactory)));
        return new BootstrapApiKey(keys, properties,
                new DataDirectory(properties), environment,
                new StaticListableBeanFactory(Map.of("mongoDatabaseFactory", databaseFactory))
                        .getBeanProvider(MongoDatabaseFactory.class));
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
