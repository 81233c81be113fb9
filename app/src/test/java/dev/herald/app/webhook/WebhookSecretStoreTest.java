package dev.herald.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.herald.saga.channel.WebhookSignature;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sqlite.SQLiteDataSource;

/** Senders' webhook secrets behave alike in SQLite (one node) and MongoDB (every cluster node). */
class WebhookSecretStoreTest {

    @TempDir
    Path dataDir;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private WebhookSecretStore store(String kind) {
        return new WebhookSecretStore(records(kind).get());
    }

    private Supplier<WebhookSecretRecords> records(String kind) {
        if (kind.equals("sqlite")) {
            SQLiteDataSource dataSource = new SQLiteDataSource();
            dataSource.setUrl("jdbc:sqlite:" + dataDir.resolve("read-models.db"));
            return () -> new SqliteWebhookSecretRecords(dataSource);
        }
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        resources.add(client);
        resources.add(server::shutdownNow);
        return () -> new MongoWebhookSecretRecords(new MongoTemplate(client, "herald"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "mongo"})
    void aRotationSignsWithBothSecretsNewestFirstUntilTheOldOneIsRetired(String kind) {
        WebhookSecretStore store = store(kind);
        assertThat(store.forSender("acme")).isEmpty();

        WebhookSecret first = store.create("acme");
        WebhookSecret second = store.create("acme");

        assertThat(WebhookSignature.key(first.secret())).hasSize(32);
        assertThat(store.forSender("acme")).containsExactly(second.secret(), first.secret());
        assertThat(store.forSender("other")).isEmpty();
        assertThatThrownBy(() -> store.create("acme")).isInstanceOf(WebhookSecretStore.TooManySecretsException.class);

        assertThat(store.retire("acme", first.secretId())).isTrue();

        assertThat(store.forSender("acme")).containsExactly(second.secret());
        assertThat(store.list("acme")).extracting(WebhookSecret::secretId)
                                       .containsExactly(second.secretId(), first.secretId());
        assertThat(store.list("acme")).allSatisfy(listed -> assertThat(listed.secret()).isNull());
        assertThat(store.list("acme").get(1).retiredAt()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "mongo"})
    void aSenderCannotRetireAnotherSendersSecretAndRetiringTwiceIsHarmless(String kind) {
        WebhookSecretStore store = store(kind);
        WebhookSecret theirs = store.create("acme");

        assertThat(store.retire("intruder", theirs.secretId())).isFalse();
        assertThat(store.forSender("acme")).containsExactly(theirs.secret());
        assertThat(store.retire("acme", theirs.secretId())).isTrue();
        assertThat(store.retire("acme", theirs.secretId())).isTrue();
        assertThat(store.retire("acme", "wsk_unknown")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "mongo"})
    void secretsOutliveTheStoreObjectThatMadeThem(String kind) {
        Supplier<WebhookSecretRecords> records = records(kind);
        WebhookSecret made = new WebhookSecretStore(records.get()).create("acme");

        assertThat(new WebhookSecretStore(records.get()).forSender("acme")).containsExactly(made.secret());
    }
}
