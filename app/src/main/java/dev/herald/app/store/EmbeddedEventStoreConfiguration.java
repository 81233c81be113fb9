package dev.herald.app.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.app.DataDirectory;
import dev.herald.app.HeraldProperties;
import dev.herald.app.HeraldProperties.EventStore.Flush;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfig.SynchronousMode;
import org.sqlite.SQLiteConfig.TransactionMode;
import org.sqlite.SQLiteDataSource;

/**
 * The default profile's event store: Axon's JDBC engine on an SQLite file in WAL mode under the data directory.
 * Why SQLite and not H2: see the README's "Event store" section (H2 either loses acknowledged events on a crash or
 * flushes per commit; SQLite's WAL with a group sync does neither).
 */
@Configuration(proxyBeanMethods = false)
@Profile("!mongo & !axon-server")
public class EmbeddedEventStoreConfiguration {

    static final String DATABASE_FILE = "events.db";
    /**
     * How soon events appended by another process reach the processors (Axon's default fetch delay). Events this
     * process appends wake them right after their commit (see {@link AnnouncingEventStore}).
     */
    static final Duration OTHER_PROCESSES_POLL = Duration.ofSeconds(1);

    @Bean(destroyMethod = "close")
    HikariDataSource eventStoreWriter(DataDirectory dataDirectory, HeraldProperties properties) {
        // One connection: SQLite has one writer anyway, and a single connection can never meet a lock or a stale
        // read snapshot, so commands never fail for storage reasons other than real conflicts.
        SynchronousMode synchronous = properties.eventStore().flush() == Flush.PER_COMMIT
                ? SynchronousMode.FULL : SynchronousMode.NORMAL;
        return pool("herald-event-writer", dataDirectory.resolve(DATABASE_FILE), 1, TransactionMode.IMMEDIATE,
                synchronous);
    }

    @Bean(destroyMethod = "close")
    @DependsOn("eventStoreWriter")
    HikariDataSource eventStoreReader(DataDirectory dataDirectory) {
        return pool("herald-event-reader", dataDirectory.resolve(DATABASE_FILE), 4, TransactionMode.DEFERRED,
                SynchronousMode.NORMAL);
    }

    @Bean(destroyMethod = "close")
    WalGroupSync walGroupSync(DataDirectory dataDirectory) {
        return new WalGroupSync(dataDirectory.resolve(DATABASE_FILE));
    }

    @Bean
    CommandStorage commandStorage(@Qualifier("eventStoreWriter") DataSource writer, WalGroupSync walGroupSync,
                                  HeraldProperties properties) {
        CommitDurability durability = properties.eventStore().flush() == Flush.GROUP
                ? walGroupSync : CommitDurability.IMMEDIATE;
        return new CommandStorage(new SpringTransactionManager(new DataSourceTransactionManager(writer)), durability);
    }

    @Bean
    EventStorageEngine eventStorageEngine(@Qualifier("eventStoreWriter") DataSource writer,
                                          @Qualifier("eventStoreReader") DataSource reader,
                                          CommandStorage commandStorage,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Serializer serializer) {
        JdbcEventStorageEngine writing = SqliteStatements.apply(JdbcEventStorageEngine.builder())
                .connectionProvider(new SpringDataSourceConnectionProvider(writer))
                .transactionManager(commandStorage.transactionManager())
                .persistenceExceptionResolver(new SqliteDuplicateKeyResolver())
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .dataType(byte[].class)
                .build();
        writing.createSchema(new SqliteEventTableFactory());
        JdbcEventStorageEngine reading = SqliteStatements.apply(JdbcEventStorageEngine.builder())
                .connectionProvider(new DataSourceConnectionProvider(reader))
                .transactionManager(NoTransactionManager.INSTANCE)
                .persistenceExceptionResolver(new SqliteDuplicateKeyResolver())
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .dataType(byte[].class)
                .batchSize(1_000)
                .build();
        return new ReadWriteSplitEventStorageEngine(writing, reading);
    }

    /** Takes the place of the event store Axon's auto-configuration would build, with streams that wake. */
    @Bean(destroyMethod = "shutDown")
    AnnouncingEventStore eventStore(EventStorageEngine eventStorageEngine,
                                    org.axonframework.config.Configuration axon) {
        return AnnouncingEventStore.of(EmbeddedEventStore.builder()
                .storageEngine(eventStorageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .fetchDelay(OTHER_PROCESSES_POLL.toMillis())
                .timeUnit(TimeUnit.MILLISECONDS));
    }

    private static HikariDataSource pool(String name, Path file, int size, TransactionMode mode,
                                         SynchronousMode synchronous) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL: a commit is written to the log but not flushed; WalGroupSync flushes for many commits at once.
        sqlite.setSynchronous(synchronous);
        sqlite.setBusyTimeout((int) DataDirectory.SQLITE_BUSY_TIMEOUT.toMillis());
        sqlite.setTransactionMode(mode);
        sqlite.setCacheSize(-64_000);
        sqlite.setTempStore(SQLiteConfig.TempStore.MEMORY);
        SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
        dataSource.setUrl("jdbc:sqlite:" + file);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setDataSource(dataSource);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(size);
        hikari.setConnectionTimeout(30_000);
        hikari.setAutoCommit(true);
        return new HikariDataSource(hikari);
    }
}
