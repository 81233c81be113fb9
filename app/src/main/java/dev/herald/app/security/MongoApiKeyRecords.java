package dev.herald.app.security;

import dev.herald.app.security.ApiKeyStore.ApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** The keys in MongoDB ({@code mongo} and {@code axon-server} profiles), a document per key, {@code _id} = hash. */
@Component
@Profile("mongo | axon-server")
class MongoApiKeyRecords implements ApiKeyRecords {

    private final MongoTemplate mongo;

    MongoApiKeyRecords(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(ApiKeyDocument.class).ensureIndex(new Index().on("keyId", Sort.Direction.ASC).unique());
    }

    @Document("api_keys")
    record ApiKeyDocument(@Id String hash, String keyId, String senderId, String name, Set<Scope> scopes,
                          Instant createdAt, Instant revokedAt) {

        ApiKey toKey() {
            return new ApiKey(keyId, senderId, name, scopes, createdAt, revokedAt);
        }
    }

    @Override
    public Optional<ApiKey> find(String hash) {
        return Optional.ofNullable(mongo.findById(hash, ApiKeyDocument.class)).map(ApiKeyDocument::toKey);
    }

    @Override
    public void insert(String hash, ApiKey key) {
        mongo.insert(new ApiKeyDocument(hash, key.keyId(), key.senderId(), key.name(), key.scopes(),
                                        key.createdAt(), key.revokedAt()));
    }

    @Override
    public List<ApiKey> all() {
        return mongo.findAll(ApiKeyDocument.class).stream().map(ApiKeyDocument::toKey).toList();
    }

    @Override
    public boolean revoke(String keyId, Instant at) {
        var result = mongo.updateFirst(Query.query(Criteria.where("keyId").is(keyId).and("revokedAt").isNull()),
                                       Update.update("revokedAt", at), ApiKeyDocument.class);
        return result.getMatchedCount() > 0
                || mongo.exists(Query.query(Criteria.where("keyId").is(keyId)), ApiKeyDocument.class);
    }
}
