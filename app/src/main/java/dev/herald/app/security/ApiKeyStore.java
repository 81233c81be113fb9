package dev.herald.app.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Sender API keys, stored by the SHA-256 of the secret, never the secret itself, in {@link ApiKeyRecords} (the
 * read-model database of the profile). A fast hash is enough here, unlike for passwords: every key is 256 random
 * bits, so there is nothing to guess from its hash. Lookups are cached for a few seconds; a revoked key stops
 * working within {@link #CACHE_TTL}.
 */
@Component
public class ApiKeyStore {

    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    static final String KEY_PREFIX = "hk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyRecords records;
    private final Clock clock;
    private final Cache<String, Optional<ApiKey>> lookups = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(CACHE_TTL).build();

    public ApiKeyStore(ApiKeyRecords records) {
        this.records = records;
        this.clock = Clock.systemUTC();
    }

    /** A key as the rest of the app sees it; never carries the secret. */
    public record ApiKey(String keyId, String senderId, String name, Set<Scope> scopes, Instant createdAt,
                         Instant revokedAt) {
    }

    /** A key just made: the only moment its secret is known. */
    public record IssuedApiKey(ApiKey key, String secret) {
    }

    public IssuedApiKey issue(String senderId, String name, Set<Scope> scopes) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return new IssuedApiKey(store(secret, senderId, name, scopes), secret);
    }

    /**
     * Makes sure the given secret is a key with these scopes (used for the bootstrap admin key). Nodes of a cluster
     * that start at once may both find it missing; the second insert is then refused, and the first one's key is it.
     */
    public ApiKey ensure(String secret, String senderId, String name, Set<Scope> scopes) {
        Optional<ApiKey> existing = records.find(hash(secret));
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return store(secret, senderId, name, scopes);
        } catch (DataIntegrityViolationException anotherNodeWasFirst) {
            return records.find(hash(secret)).orElseThrow(() -> anotherNodeWasFirst);
        }
    }

    private ApiKey store(String secret, String senderId, String name, Set<Scope> scopes) {
        String keyId = "key_" + hash(secret).substring(0, 16);
        ApiKey key = new ApiKey(keyId, senderId, name, Set.copyOf(scopes), clock.instant(), null);
        records.insert(hash(secret), key);
        return key;
    }

    /** The live (not revoked) key with this secret. Blocking: call off the event loop. */
    public Optional<ApiKey> findLive(String secret) {
        return lookups.get(hash(secret), records::find)
                .filter(key -> key.revokedAt() == null);
    }

    public List<ApiKey> list() {
        return records.all();
    }

    /** Revokes the key; false when there is no such key. */
    public boolean revoke(String keyId) {
        boolean known = records.revoke(keyId, clock.instant());
        lookups.invalidateAll();
        return known;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
