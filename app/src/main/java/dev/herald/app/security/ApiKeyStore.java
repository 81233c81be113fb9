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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Sender API keys, stored by the SHA-256 of the secret (the document id), never the secret itself. A fast hash is
 * enough here, unlike for passwords: every key is 256 random bits, so there is nothing to guess from its hash.
 * Lookups are cached for a few seconds; a revoked key stops working within {@link #CACHE_TTL}.
 */
@Component
public class ApiKeyStore {

    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    static final String KEY_PREFIX = "hk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Cache<String, Optional<ApiKey>> lookups = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(CACHE_TTL).build();

    public ApiKeyStore(MongoTemplate mongo) {
        this.mongo = mongo;
        this.clock = Clock.systemUTC();
        mongo.indexOps(ApiKeyDocument.class).ensureIndex(new Index().on("keyId", Sort.Direction.ASC).unique());
    }

    /** A key as the rest of the app sees it; never carries the secret. */
    public record ApiKey(String keyId, String senderId, String name, Set<Scope> scopes, Instant createdAt,
                         Instant revokedAt) {
    }

    /** A key just made: the only moment its secret is known. */
    public record IssuedApiKey(ApiKey key, String secret) {
    }

    @Document("api_keys")
    record ApiKeyDocument(@Id String hash, String keyId, String senderId, String name, Set<Scope> scopes,
                          Instant createdAt, Instant revokedAt) {

        ApiKey toKey() {
            return new ApiKey(keyId, senderId, name, scopes, createdAt, revokedAt);
        }
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
        ApiKeyDocument existing = mongo.findById(hash(secret), ApiKeyDocument.class);
        if (existing != null) {
            return existing.toKey();
        }
        try {
            return store(secret, senderId, name, scopes);
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            return mongo.findById(hash(secret), ApiKeyDocument.class).toKey();
        }
    }

    private ApiKey store(String secret, String senderId, String name, Set<Scope> scopes) {
        String keyId = "key_" + hash(secret).substring(0, 16);
        ApiKeyDocument document = new ApiKeyDocument(hash(secret), keyId, senderId, name, Set.copyOf(scopes),
                clock.instant(), null);
        mongo.insert(document);
        return document.toKey();
    }

    /** The live (not revoked) key with this secret. Blocking: call off the event loop. */
    public Optional<ApiKey> findLive(String secret) {
        return lookups.get(hash(secret), hash -> Optional.ofNullable(mongo.findById(hash, ApiKeyDocument.class))
                        .map(ApiKeyDocument::toKey))
                .filter(key -> key.revokedAt() == null);
    }

    public List<ApiKey> list() {
        return mongo.findAll(ApiKeyDocument.class).stream().map(ApiKeyDocument::toKey).toList();
    }

    /** Revokes the key; false when there is no such key. */
    public boolean revoke(String keyId) {
        var result = mongo.updateFirst(Query.query(Criteria.where("keyId").is(keyId).and("revokedAt").isNull()),
                Update.update("revokedAt", clock.instant()), ApiKeyDocument.class);
        lookups.invalidateAll();
        return result.getMatchedCount() > 0
                || mongo.exists(Query.query(Criteria.where("keyId").is(keyId)), ApiKeyDocument.class);
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
