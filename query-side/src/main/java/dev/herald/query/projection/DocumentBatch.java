package dev.herald.query.projection;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The documents of one collection that a batch of events reads and changes, held in memory until the batch ends.
 * Each document is read from the store at most once (many at a time with {@link #prefetch}, else on first use),
 * and {@link #flush} writes only those whose content differs from what was read: one round trip for a single
 * write, one unordered bulk write for more (inserts for documents read and not found, else replacements). A
 * document removed without having been read is always deleted. Each document appears at most once in a flush, so
 * the order of the writes within it does not matter. The documents must belong to the processor's segment that
 * handles the batch, so that nobody else writes them between the read and the write.
 *
 * @param <T> the document type; {@code id} gives its {@code _id}
 */
public final class DocumentBatch<T> {

    private final MongoOperations mongo;
    private final String collection;
    private final Class<T> type;
    private final Function<T, String> id;
    private final Map<String, Optional<T>> stored = new HashMap<>();
    private final Map<String, Optional<T>> current = new LinkedHashMap<>();

    public DocumentBatch(MongoOperations mongo, String collection, Class<T> type, Function<T, String> id) {
        this.mongo = mongo;
        this.collection = collection;
        this.type = type;
        this.id = id;
    }

    /** Reads, with one query by {@code _id}, the documents of these ids that are not known yet. */
    public void prefetch(Collection<String> ids) {
        List<String> unknown = ids.stream().filter(Objects::nonNull).distinct()
                .filter(candidate -> !stored.containsKey(candidate)).toList();
        if (unknown.isEmpty()) {
            return;
        }
        if (unknown.size() == 1) {
            find(unknown.get(0));
            return;
        }
        unknown.forEach(missing -> stored.put(missing, Optional.empty()));
        Query query = Query.query(Criteria.where("_id").in(unknown)).cursorBatchSize(unknown.size());
        for (T document : mongo.find(query, type, collection)) {
            stored.put(id.apply(document), Optional.of(document));
        }
    }

    /** The document as this batch left it, or null. */
    public T find(String documentId) {
        Optional<T> changed = current.get(documentId);
        if (changed != null) {
            return changed.orElse(null);
        }
        return stored.computeIfAbsent(documentId,
                                      missing -> Optional.ofNullable(mongo.findById(missing, type, collection)))
                .orElse(null);
    }

    public void save(T document) {
        current.put(id.apply(document), Optional.of(document));
    }

    public void remove(String documentId) {
        current.put(documentId, Optional.empty());
    }

    /** Writes what changed and starts over from the written state. */
    public void flush() {
        Map<String, Optional<T>> writes = new LinkedHashMap<>();
        current.forEach((documentId, document) -> {
            Optional<T> before = stored.get(documentId);
            if (before == null || !before.equals(document)) {
                writes.put(documentId, document);
            }
        });
        current.clear();
        if (writes.size() == 1) {
            writes.forEach(this::writeOne);
        } else if (!writes.isEmpty()) {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, type, collection);
            writes.forEach((documentId, document) -> {
                if (document.isPresent() && isKnownAbsent(documentId)) {
                    bulk.insert(document.get());
                } else if (document.isPresent()) {
                    bulk.replaceOne(byId(documentId), document.get(), FindAndReplaceOptions.options().upsert());
                } else {
                    bulk.remove(byId(documentId));
                }
            });
            bulk.execute();
        }
        stored.putAll(writes);
    }

    /**
     * Read and not found: the processor's segment owns its documents, so nobody inserts it meanwhile and an insert
     * saves the server the lookup of an upsert.
     */
    private boolean isKnownAbsent(String documentId) {
        Optional<T> before = stored.get(documentId);
        return before != null && before.isEmpty();
    }

    private void writeOne(String documentId, Optional<T> document) {
        if (document.isPresent()) {
            mongo.save(document.get(), collection);
        } else {
            mongo.remove(byId(documentId), collection);
        }
    }

    private static Query byId(String documentId) {
        return Query.query(Criteria.where("_id").is(documentId));
    }
}
