package dev.herald.app.webhook;

import java.time.Instant;
import java.util.List;
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

/**
 * The secrets in MongoDB ({@code mongo} and {@code axon-server} profiles), beside the API keys: a document per secret,
 * {@code _id} = secret id, indexed by sender and age for the lookup every webhook makes.
 */
@Component
@Profile("mongo | axon-server")
class MongoWebhookSecretRecords implements WebhookSecretRecords {

    private final MongoTemplate mongo;

    MongoWebhookSecretRecords(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(SecretDocument.class).ensureIndex(new Index().on("senderId", Sort.Direction.ASC)
                                                                    .on("createdAt", Sort.Direction.DESC));
    }

    @Document("webhook_secrets")
    record SecretDocument(@Id String secretId, String senderId, String secret, Instant createdAt, Instant retiredAt) {

        WebhookSecret toSecret() {
            return new WebhookSecret(secretId, senderId, secret, createdAt, retiredAt);
        }
    }

    @Override
    public void insert(WebhookSecret secret) {
        mongo.insert(new SecretDocument(secret.secretId(), secret.senderId(), secret.secret(), secret.createdAt(),
                                        secret.retiredAt()));
    }

    @Override
    public List<WebhookSecret> ofSender(String senderId) {
        Query query = Query.query(Criteria.where("senderId").is(senderId))
                           .with(Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by(Sort.Direction.DESC, "_id")));
        return mongo.find(query, SecretDocument.class).stream().map(SecretDocument::toSecret).toList();
    }

    @Override
    public boolean retire(String senderId, String secretId, Instant at) {
        Criteria secret = Criteria.where("_id").is(secretId).and("senderId").is(senderId);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(secretId).and("senderId").is(senderId)
                                              .and("retiredAt").isNull()),
                          Update.update("retiredAt", at), SecretDocument.class);
        return mongo.exists(Query.query(secret), SecretDocument.class);
    }
}
