package dev.herald.query.inbox;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static dev.herald.query.projection.ProjectionVersions.collection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.DeleteOneModel;
import dev.herald.api.Priority;
import dev.herald.api.template.TemplateRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The inbox on a real MongoDB, through the plain driver (no object mapping): a document per item in
 * {@value InboxProjection#ITEMS} ({@code _id} = notification id) with the compound indexes its listings use,
 * a small counter document per recipient and category in {@value InboxProjection#COUNTS}, changed with
 * {@code $inc}, and a document per scheduled notification in {@value InboxProjection#PENDING}. A batch costs one
 * bulk write per step below, never a whole-document rewrite of anything but a new item.
 *
 * <h2>Why a repeated batch cannot change a counter twice</h2>
 * Without a transaction the processor may apply a batch, crash before it stores its token, and apply the same
 * events again; or crash half-way through the batch's writes. Every counted transition of an item (placed, read,
 * unread, archived) therefore gets a fresh operation id and goes through these steps:
 * <ol>
 *   <li>the item is written in its new state together with {@code inflight}: the operation id, the counter it
 *       changes and by how much;</li>
 *   <li>the counter is incremented by an update whose filter is {@code applied != op} and which pushes the op id
 *       into {@code applied}: a single-document update is atomic, so the increment happens at most once per
 *       operation id, however often this step runs;</li>
 *   <li>{@code inflight} is removed from the item; then the op id is pulled from the counter.</li>
 * </ol>
 * Before the projection decides anything it reads the items its events touch ({@link #findEntries}); an item that
 * still has {@code inflight} belongs to an earlier attempt that stopped somewhere after step 1, and steps 2 and 3
 * are finished for it first (step 2 is a no-op when it had already happened). The projection then sees the item in
 * its new state, so the repeated event is no transition at all and changes no counter. A crash before step 1
 * wrote nothing for that item, so the repeat counts it as the first attempt would have. At worst a crash between
 * the two halves of step 3 leaves one spent op id in a counter's {@code applied} list; it is never used again.
 */
public class MongoInboxStore implements InboxStore {

    private static final String INFLIGHT = "inflight";
    private static final String APPLIED = "applied";
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final MongoDatabase database;
    private final Set<Integer> indexed = ConcurrentHashMap.newKeySet();

    public MongoInboxStore(MongoDatabase database) {
        this.database = database;
    }

    @Override
    public Map<String, InboxEntry> findEntries(int version, Collection<String> notificationIds) {
        Map<String, InboxEntry> found = new HashMap<>();
        if (notificationIds.isEmpty()) {
            return found;
        }
        for (Document document : items(version).find(in("_id", notificationIds))) {
            if (document.containsKey(INFLIGHT)) {
                finish(version, List.of(document.get(INFLIGHT, Document.class)));
            }
            InboxEntry entry = entry(document);
            found.put(entry.notificationId(), entry);
        }
        return found;
    }

    @Override
    public Map<String, Long> newestPositions(int version, Collection<String> recipientIds) {
        Map<String, Long> found = new HashMap<>();
        if (recipientIds.isEmpty()) {
            return found;
        }
        // Sorted on the (recipientId, position) index, so that the server reads one index key per recipient.
        List<Bson> pipeline = List.of(
                new Document("$match", new Document("recipientId", new Document("$in", List.copyOf(recipientIds)))),
                new Document("$sort", new Document("recipientId", 1).append("position", -1)),
                new Document("$group", new Document("_id", "$recipientId")
                        .append("newest", new Document("$first", "$position"))));
        for (Document group : items(version).aggregate(pipeline)) {
            found.put(group.getString("_id"), ((Number) group.get("newest")).longValue());
        }
        return found;
    }

    @Override
    public Map<String, List<CategoryCounts>> counts(int version, Collection<String> recipientIds) {
        Map<String, List<CategoryCounts>> found = new HashMap<>();
        if (recipientIds.isEmpty()) {
            return found;
        }
        for (Document document : counters(version).find(in("recipientId", recipientIds))
                .sort(Sorts.ascending("recipientId", "category"))) {
            found.computeIfAbsent(document.getString("recipientId"), key -> new ArrayList<>())
                    .add(new CategoryCounts(document.getString("category"), number(document, "unread"),
                                            number(document, "total")));
        }
        return found;
    }

    @Override
    public Map<String, PendingInboxEntry> findPending(int version, Collection<String> notificationIds) {
        Map<String, PendingInboxEntry> found = new HashMap<>();
        if (notificationIds.isEmpty()) {
            return found;
        }
        for (Document document : pending(version).find(in("_id", notificationIds))) {
            found.put(document.getString("_id"), new PendingInboxEntry(
                    document.getString("_id"), document.getString("recipientId"), document.getString("category"),
                    priority(document.getString("priority")), document.getString("title"),
                    document.getString("body"), document.getString("dataJson"), document.getBoolean("read"),
                    document.getBoolean("archived"), template(document)));
        }
        return found;
    }

    @Override
    public void write(int version, InboxWrites writes) {
        List<WriteModel<Document>> itemWrites = new ArrayList<>();
        List<Document> operations = new ArrayList<>();
        for (InboxEntry entry : writes.placed()) {
            Document operation = operation(entry, entry.counted());
            Document document = document(entry);
            if (operation != null) {
                document.append(INFLIGHT, operation);
                operations.add(operation);
            }
            itemWrites.add(new InsertOneModel<>(document));
        }
        for (InboxWrites.FlagChange change : writes.changed()) {
            InboxEntry after = change.after();
            Document operation = operation(after, after.counted().minus(change.before().counted()));
            List<Bson> updates = new ArrayList<>(List.of(Updates.set("read", after.read()),
                                                         Updates.set("archived", after.archived())));
            if (operation != null) {
                updates.add(Updates.set(INFLIGHT, operation));
                operations.add(operation);
            }
            itemWrites.add(new UpdateOneModel<>(eq("_id", after.notificationId()), Updates.combine(updates)));
        }
        if (!itemWrites.isEmpty()) {
            items(version).bulkWrite(itemWrites, UNORDERED);
        }
        finish(version, operations);
        List<WriteModel<Document>> pendingWrites = new ArrayList<>();
        for (PendingInboxEntry entry : writes.pendingSaved()) {
            pendingWrites.add(new ReplaceOneModel<>(eq("_id", entry.notificationId()), document(entry),
                                                    new ReplaceOptions().upsert(true)));
        }
        for (String notificationId : writes.pendingGone()) {
            pendingWrites.add(new DeleteOneModel<>(eq("_id", notificationId)));
        }
        if (!pendingWrites.isEmpty()) {
            pending(version).bulkWrite(pendingWrites, UNORDERED);
        }
    }

    /** Steps 2 and 3 of the class comment for operations whose items are written (step 1). */
    private void finish(int version, List<Document> operations) {
        if (operations.isEmpty()) {
            return;
        }
        Map<Document, List<Document>> byCounter = new LinkedHashMap<>();
        for (Document operation : operations) {
            byCounter.computeIfAbsent(counterId(operation), key -> new ArrayList<>()).add(operation);
        }
        List<WriteModel<Document>> exist = new ArrayList<>();
        List<WriteModel<Document>> increments = new ArrayList<>();
        List<WriteModel<Document>> pulls = new ArrayList<>();
        byCounter.forEach((counterId, counted) -> {
            exist.add(new UpdateOneModel<>(eq("_id", counterId), Updates.combine(
                    Updates.setOnInsert("recipientId", counterId.getString("r")),
                    Updates.setOnInsert("category", counterId.getString("c")),
                    Updates.setOnInsert("unread", 0L), Updates.setOnInsert("total", 0L),
                    Updates.setOnInsert(APPLIED, List.of())), new UpdateOptions().upsert(true)));
            for (Document operation : counted) {
                increments.add(new UpdateOneModel<>(
                        and(eq("_id", counterId), ne(APPLIED, operation.getString("op"))),
                        Updates.combine(Updates.inc("unread", number(operation, "unread")),
                                        Updates.inc("total", number(operation, "total")),
                                        Updates.push(APPLIED, operation.getString("op")))));
            }
            pulls.add(new UpdateOneModel<>(eq("_id", counterId), Updates.pullAll(
                    APPLIED, counted.stream().map(operation -> operation.getString("op")).toList())));
        });
        counters(version).bulkWrite(exist, UNORDERED);
        counters(version).bulkWrite(increments, UNORDERED);
        items(version).bulkWrite(operations.stream().<WriteModel<Document>>map(operation -> new UpdateOneModel<>(
                and(eq("_id", operation.getString("item")), eq(INFLIGHT + ".op", operation.getString("op"))),
                Updates.unset(INFLIGHT))).toList(), UNORDERED);
        counters(version).bulkWrite(pulls, UNORDERED);
        // A category whose items all left the counts has no counter, however the batches fell. Only once no
        // operation is in flight on it: every operation of this batch is finished by now.
        counters(version).deleteMany(and(in("_id", byCounter.keySet()), eq("unread", 0L), eq("total", 0L),
                                         Filters.size(APPLIED, 0)));
    }

    private static Document operation(InboxEntry entry, CategoryCounts change) {
        if (change.isZero()) {
            return null;
        }
        return new Document("op", UUID.randomUUID().toString())
                .append("item", entry.notificationId())
                .append("recipientId", entry.recipientId())
                .append("category", entry.category())
                .append("unread", change.unread())
                .append("total", change.total());
    }

    private static Document counterId(Document operation) {
        return new Document("r", operation.getString("recipientId")).append("c", operation.getString("category"));
    }

    @Override
    public List<InboxEntry> newestFirst(int version, String recipientId, InboxFilter filter, long beforePosition,
                                        int limit) {
        List<Bson> conditions = new ArrayList<>(List.of(eq("recipientId", recipientId),
                                                        eq("archived", filter.archived()),
                                                        lt("position", beforePosition)));
        if (filter.category() != null) {
            conditions.add(eq("category", filter.category()));
        }
        if (filter.unreadOnly()) {
            conditions.add(eq("read", false));
        }
        List<InboxEntry> found = new ArrayList<>();
        for (Document document : items(version).find(and(conditions)).sort(Sorts.descending("position"))
                .limit(limit == Integer.MAX_VALUE ? 0 : limit)) {
            found.add(entry(document));
        }
        return found;
    }

    @Override
    public List<InboxEntry> placedAfter(int version, String recipientId, long afterPosition, int limit) {
        List<InboxEntry> found = new ArrayList<>();
        for (Document document : items(version)
                .find(and(eq("recipientId", recipientId), gt("position", afterPosition)))
                .sort(Sorts.ascending("position")).limit(limit)) {
            found.add(entry(document));
        }
        return found;
    }

    @Override
    public Optional<InboxEntry> findEntry(int version, String notificationId) {
        Document document = items(version).find(eq("_id", notificationId)).first();
        return Optional.ofNullable(document).map(MongoInboxStore::entry);
    }

    @Override
    public void drop(int version) {
        indexed.remove(version);
        for (String base : InboxProjection.DEFINITION.collections()) {
            database.getCollection(collection(base, version)).drop();
        }
    }

    private MongoCollection<Document> items(int version) {
        ensureIndexes(version);
        return database.getCollection(collection(InboxProjection.ITEMS, version));
    }

    private MongoCollection<Document> counters(int version) {
        ensureIndexes(version);
        return database.getCollection(collection(InboxProjection.COUNTS, version));
    }

    private MongoCollection<Document> pending(int version) {
        return database.getCollection(collection(InboxProjection.PENDING, version));
    }

    /** The index of each query shape: a listing's filter fields, then position for its order and range. */
    private void ensureIndexes(int version) {
        if (indexed.contains(version)) {
            return;
        }
        MongoCollection<Document> items = database.getCollection(collection(InboxProjection.ITEMS, version));
        items.createIndex(Indexes.compoundIndex(Indexes.ascending("recipientId"), Indexes.descending("position")),
                          new IndexOptions().unique(true).name("recipient_position"));
        items.createIndex(Indexes.compoundIndex(Indexes.ascending("recipientId", "archived"),
                                                Indexes.descending("position")),
                          new IndexOptions().name("recipient_state_position"));
        items.createIndex(Indexes.compoundIndex(Indexes.ascending("recipientId", "category", "archived"),
                                                Indexes.descending("position")),
                          new IndexOptions().name("recipient_category_position"));
        database.getCollection(collection(InboxProjection.COUNTS, version))
                .createIndex(Indexes.ascending("recipientId"), new IndexOptions().name("recipient"));
        indexed.add(version);
    }

    private static Document document(InboxEntry entry) {
        return new Document("_id", entry.notificationId())
                .append("recipientId", entry.recipientId())
                .append("position", entry.position())
                .append("category", entry.category())
                .append("priority", entry.priority() == null ? null : entry.priority().name())
                .append("title", entry.title())
                .append("body", entry.body())
                .append("dataJson", entry.dataJson())
                .append("read", entry.read())
                .append("archived", entry.archived())
                .append("createdAt", entry.createdAt() == null ? null : Date.from(entry.createdAt()))
                .append("template", template(entry.template()));
    }

    private static Document document(PendingInboxEntry entry) {
        return new Document("_id", entry.notificationId())
                .append("recipientId", entry.recipientId())
                .append("category", entry.category())
                .append("priority", entry.priority() == null ? null : entry.priority().name())
                .append("title", entry.title())
                .append("body", entry.body())
                .append("dataJson", entry.dataJson())
                .append("read", entry.read())
                .append("archived", entry.archived())
                .append("template", template(entry.template()));
    }

    /** Null without a template: documents written before templates existed have no such field either. */
    private static Document template(TemplateRef template) {
        return template == null ? null : new Document("key", template.key()).append("version", template.version())
                                                                              .append("locale", template.locale());
    }

    private static TemplateRef template(Document document) {
        Document template = document.get("template", Document.class);
        return template == null ? null : new TemplateRef(template.getString("key"),
                                                         ((Number) template.get("version")).intValue(),
                                                         template.getString("locale"));
    }

    private static InboxEntry entry(Document document) {
        Date createdAt = document.getDate("createdAt");
        return new InboxEntry(document.getString("_id"), document.getString("recipientId"),
                              number(document, "position"), document.getString("category"),
                              priority(document.getString("priority")), document.getString("title"),
                              document.getString("body"), document.getString("dataJson"),
                              document.getBoolean("read"), document.getBoolean("archived"),
                              createdAt == null ? null : createdAt.toInstant(), template(document));
    }

    private static long number(Document document, String field) {
        Object value = document.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Priority priority(String name) {
        return name == null ? null : Priority.valueOf(name);
    }
}
