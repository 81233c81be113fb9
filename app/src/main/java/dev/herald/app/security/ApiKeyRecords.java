package dev.herald.app.security;

import dev.herald.app.security.ApiKeyStore.ApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where {@link ApiKeyStore} keeps the keys, each under the hash of its secret. */
public interface ApiKeyRecords {

    Optional<ApiKey> find(String hash);

    void insert(String hash, ApiKey key);

    List<ApiKey> all();

    /**
     * Marks the key revoked at that time unless it is already.
     *
     * @return false when there is no such key
     */
    boolean revoke(String keyId, Instant at);
}
