package dev.herald.query.template;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.herald.api.template.TemplateSummary;
import dev.herald.query.projection.ProjectionVersions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The template list in MongoDB, a document per template ({@code _id} = key) in
 * {@value TemplateListProjection#COLLECTION}, replaced whole: writing the same summary again changes nothing.
 */
public class MongoTemplateSummaryStore implements TemplateSummaryStore {

    private final MongoOperations mongo;

    public MongoTemplateSummaryStore(MongoOperations mongo) {
        this.mongo = mongo;
    }

    @Override
    public Optional<TemplateSummary> find(int version, String key) {
        return Optional.ofNullable(collection(version).find(eq("_id", key)).first())
                       .map(MongoTemplateSummaryStore::summary);
    }

    @Override
    public void save(int version, TemplateSummary summary) {
        Document document = new Document("_id", summary.key())
                .append("latestVersion", summary.latestVersion())
                .append("defaultLocale", summary.defaultLocale())
                .append("locales", summary.locales())
                .append("archived", summary.archived())
                .append("updatedAt", summary.updatedAt() == null ? null : Date.from(summary.updatedAt()));
        collection(version).replaceOne(eq("_id", summary.key()), document, new ReplaceOptions().upsert(true));
    }

    /** Templates are few (one per kind of message), so the list is a scan sorted by key. */
    @Override
    public List<TemplateSummary> list(int version, boolean archived) {
        List<TemplateSummary> summaries = new ArrayList<>();
        collection(version).find(eq("archived", archived)).sort(Sorts.ascending("_id"))
                           .forEach(document -> summaries.add(summary(document)));
        return summaries;
    }

    @Override
    public void drop(int version) {
        collection(version).drop();
    }

    private MongoCollection<Document> collection(int version) {
        return mongo.getCollection(ProjectionVersions.collection(TemplateListProjection.COLLECTION, version));
    }

    private static TemplateSummary summary(Document document) {
        Date updatedAt = document.getDate("updatedAt");
        return new TemplateSummary(document.getString("_id"), document.getInteger("latestVersion"),
                                   document.getString("defaultLocale"), document.getList("locales", String.class),
                                   document.getBoolean("archived"), updatedAt == null ? null : updatedAt.toInstant());
    }
}
