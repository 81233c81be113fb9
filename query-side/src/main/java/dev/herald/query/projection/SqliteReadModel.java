package dev.herald.query.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tables of one read model in the SQLite read-model database, per version: created on first use, dropped when
 * a replay starts over or a version retires. Writes run in a transaction on the database; when the event
 * processor's unit of work already holds one on the same {@link DataSource} (its transaction manager is that
 * database's), they join it, so a batch's rows commit together with the processor's token.
 */
public final class SqliteReadModel {

    /** SQLite's default limit on the parameters of one statement is far higher; this keeps statements short. */
    public static final int MAX_PARAMETERS = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final List<String> tables;
    private final IntFunction<List<String>> schema;
    private final IntFunction<List<String>> servingSchema;
    private final Set<Integer> created = ConcurrentHashMap.newKeySet();
    private final Set<Integer> serving = ConcurrentHashMap.newKeySet();

    /**
     * @param tables the base names of the read model's tables
     * @param schema the DDL of a version, {@code CREATE ... IF NOT EXISTS} statements that use
     *               {@link ProjectionVersions#collection} names
     */
    public SqliteReadModel(DataSource dataSource, List<String> tables, IntFunction<List<String>> schema) {
        this(dataSource, tables, schema, version -> List.of());
    }

    /**
     * @param servingSchema DDL that only queries need (secondary indexes), {@code CREATE ... IF NOT EXISTS}: left
     *                      out while a replay fills a version, because every index a batch writes costs it a page
     *                      per row, and built once before the version serves ({@link #prepareToServe}), a sort of
     *                      rows already there
     */
    public SqliteReadModel(DataSource dataSource, List<String> tables, IntFunction<List<String>> schema,
                           IntFunction<List<String>> servingSchema) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.tables = List.copyOf(tables);
        this.schema = schema;
        this.servingSchema = servingSchema;
    }

    /** The template for queries of a serving version, whose query indexes exist once this returns. */
    public JdbcTemplate servingJdbc(int version) {
        JdbcTemplate template = jdbc(version);
        if (!serving.contains(version)) {
            prepareToServe(version);
        }
        return template;
    }

    /** Builds the version's query indexes, if they are missing. */
    public synchronized void prepareToServe(int version) {
        if (serving.contains(version)) {
            return;
        }
        List<String> ddl = servingSchema.apply(version);
        if (!ddl.isEmpty()) {
            write(version, template -> ddl.forEach(template::execute));
        }
        serving.add(version);
    }

    /** The template to reach a version's tables, which exist once this returns. */
    public JdbcTemplate jdbc(int version) {
        if (!created.contains(version)) {
            synchronized (this) {
                if (!created.contains(version)) {
                    inTransaction(template -> schema.apply(version).forEach(template::execute));
                    created.add(version);
                }
            }
        }
        return jdbc;
    }

    /** Runs the writes in the current transaction on this database, or in one of their own. */
    public void write(int version, Consumer<JdbcTemplate> writes) {
        jdbc(version);
        inTransaction(writes);
    }

    public synchronized void drop(int version) {
        created.remove(version);
        serving.remove(version);
        inTransaction(template -> tables.forEach(
                table -> template.execute("DROP TABLE IF EXISTS " + ProjectionVersions.collection(table, version))));
    }

    private void inTransaction(Consumer<JdbcTemplate> work) {
        transactions.executeWithoutResult(status -> work.accept(jdbc));
    }

    /** The values in chunks small enough for one statement's parameters. */
    public static <T> List<List<T>> chunks(Collection<T> values) {
        List<T> all = new ArrayList<>(values);
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MAX_PARAMETERS) {
            chunks.add(all.subList(from, Math.min(all.size(), from + MAX_PARAMETERS)));
        }
        return chunks;
    }

    /** {@code ?, ?, ?} for that many values. */
    public static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
