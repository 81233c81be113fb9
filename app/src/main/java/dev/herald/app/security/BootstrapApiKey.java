package dev.herald.app.security;

import dev.herald.app.DataDirectory;
import dev.herald.app.HeraldProperties;
import dev.herald.app.SharedSecrets;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.stereotype.Component;

/**
 * The first admin key, so that a new installation can issue the others. Taken from
 * {@code herald.security.bootstrap-api-key}; without it, one is generated on first start, kept in the data
 * directory and written to the log that one time only. A node of a cluster profile on a configured MongoDB keeps it
 * in the shared store instead ({@link SharedSecrets}): one key for the whole cluster, logged by the node that made it.
 */
@Component
class BootstrapApiKey implements InitializingBean {

    static final String FILE = "bootstrap-api-key";
    static final String SENDER_ID = "admin";
    private static final Logger log = LoggerFactory.getLogger(BootstrapApiKey.class);

    private final ApiKeyStore store;
    private final HeraldProperties properties;
    private final DataDirectory dataDirectory;
    private final Environment environment;
    private final ObjectProvider<MongoDatabaseFactory> sharedStore;

    BootstrapApiKey(ApiKeyStore store, HeraldProperties properties, DataDirectory dataDirectory,
                    Environment environment, ObjectProvider<MongoDatabaseFactory> sharedStore) {
        this.store = store;
        this.properties = properties;
        this.dataDirectory = dataDirectory;
        this.environment = environment;
        this.sharedStore = sharedStore;
    }

    /** Runs while the context starts, before the web server accepts any request. */
    @Override
    public void afterPropertiesSet() {
        String configured = properties.security().bootstrapApiKey();
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < 20) {
                throw new IllegalStateException("herald.security.bootstrap-api-key must be at least 20 characters");
            }
            store.ensure(configured.trim(), SENDER_ID, "bootstrap", Set.of(Scope.ADMIN, Scope.SEND));
            return;
        }
        boolean shared = SharedSecrets.isShared(environment);
        // A key this node generated before, when it kept its own, stays the cluster's if it is the first one offered.
        Optional<String> keptBefore = shared ? DataDirectory.kept(dataDirectory.resolve(FILE)) : Optional.empty();
        DataDirectory.Secret generated = shared
                ? new SharedSecrets(sharedStore.getObject().getMongoDatabase()).readOrCreate(FILE,
                        () -> keptBefore.orElseGet(() -> DataDirectory.randomSecret(ApiKeyStore.KEY_PREFIX, 32)))
                : dataDirectory.secret(FILE, ApiKeyStore.KEY_PREFIX, 32);
        store.ensure(generated.value(), SENDER_ID, "bootstrap", Set.of(Scope.ADMIN, Scope.SEND));
        if (generated.created() && keptBefore.isEmpty()) {
            log.warn("Generated the bootstrap admin API key (shown this once; also kept in {}): {}",
                    shared ? "MongoDB collection " + SharedSecrets.COLLECTION + ", _id " + FILE
                            : dataDirectory.resolve(FILE), generated.value());
        }
    }
}
