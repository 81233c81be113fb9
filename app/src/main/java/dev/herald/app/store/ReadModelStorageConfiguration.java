package dev.herald.app.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.app.DataDirectory;
import dev.herald.app.axon.AxonInfrastructureConfiguration;
import dev.herald.query.MongoReadModelConfiguration;
import dev.herald.query.QuerySideConfiguration;
import dev.herald.query.SqliteReadModelConfiguration;
import dev.herald.saga.digest.DigestCollector;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Where the read models, the query side's tokens and the API keys live: an SQLite file on the embedded profile,
 * MongoDB on the others.
 */
public final class ReadModelStorageConfiguration {

    private ReadModelStorageConfiguration() {
    }

    /**
     * The embedded profile: {@value #DATABASE_FILE} under the data directory, in WAL mode. The query side's
     * processors keep their tokens in it (the application's {@link TokenStore}) and run every batch in one
     * transaction on it, so a batch's read-model rows and its token commit together: a batch is applied exactly
     * once, and a {@code kill -9} can lose neither a row whose token was stored nor store a token whose rows were
     * lost. {@code synchronous=NORMAL}: a commit survives the process dying at once; only a power loss may take the
     * last commits, and then it takes their tokens with them, so the events are simply projected again.
     * <p>
     * Transactions begin {@code IMMEDIATE}, that is holding the file's write lock from their first statement: a
     * batch reads its rows before it writes them, and a deferred transaction that another writer overtook between
     * its read and its first write would fail at once instead of waiting for the lock.
     */
    @Configuration(proxyBeanMethods = false)
    @Profile("!mongo & !axon-server")
    @Import(SqliteReadModelConfiguration.class)
    public static class Embedded {

        static final String DATABASE_FILE = "read-models.db";
        static final String TRANSACTIONS = "readModelTransactionManager";
        /**
         * Page cache per connection, in KiB (SQLite's default is 2 MiB). A replay's batch touches a page of every
         * index per recipient it names; with the default, most of them were read again for every batch.
         */
        static final int CACHE_KIB = 32_000;
        /**
         * Pages in the write-ahead log before a commit copies them into the database file and syncs it (SQLite's
         * default is 1,000). A batch of a replay writes hundreds of pages, so the default made nearly every commit
         * a checkpoint with its syncs; a page changed by many commits is copied once per checkpoint.
         */
        static final int WAL_AUTOCHECKPOINT_PAGES = 10_000;

        @Bean(name = SqliteReadModelConfiguration.DATA_SOURCE, destroyMethod = "close")
        HikariDataSource readModelDataSource(DataDirectory dataDirectory) throws SQLException {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            sqlite.setBusyTimeout((int) DataDirectory.SQLITE_BUSY_TIMEOUT.toMillis());
            sqlite.setCacheSize(-CACHE_KIB);
            sqlite.setTempStore(SQLiteConfig.TempStore.MEMORY);
            SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
            dataSource.setUrl("jdbc:sqlite:" + dataDirectory.resolve(DATABASE_FILE));
            HikariConfig hikari = new HikariConfig();
            hikari.setPoolName("herald-read-models");
            hikari.setDataSource(dataSource);
            hikari.setMaximumPoolSize(10);
            hikari.setConnectionInitSql("PRAGMA wal_autocheckpoint = " + WAL_AUTOCHECKPOINT_PAGES);
            HikariDataSource pool = new HikariDataSource(hikari);
            createTokenTable(pool);
            return pool;
        }

        @Bean(TRANSACTIONS)
        DataSourceTransactionManager readModelTransactionManager(
                @Qualifier(SqliteReadModelConfiguration.DATA_SOURCE) DataSource readModels) {
            return new SingleWriterTransactionManager(readModels);
        }

        /** The tokens of every processor that registers no other store: the query side's. */
        @Bean
        TokenStore tokenStore(@Qualifier(SqliteReadModelConfiguration.DATA_SOURCE) DataSource readModels,
                              @Qualifier(AxonInfrastructureConfiguration.TOKEN_SERIALIZER) Serializer tokenSerializer) {
            return new SqliteTokenStore(JdbcTokenStore.builder()
                    .connectionProvider(new SpringDataSourceConnectionProvider(readModels))
                    .serializer(tokenSerializer)
                    .claimTimeout(AxonInfrastructureConfiguration.TOKEN_CLAIM_TIMEOUT));
        }

        /**
         * Each query-side batch in one transaction on the read-model file, with its token. The digest collector keeps
         * its token in this file too, so it takes the same transactions: without them its token writes bypassed the
         * in-process writer lock and met the projections' transactions in SQLite's busy handler ({@code SQLITE_BUSY}
         * after the busy timeout, seen in a CI run of {@code FlowControlIT} on 2026-12-05).
         */
        @Bean
        ConfigurerModule readModelTransactions(@Qualifier(TRANSACTIONS) DataSourceTransactionManager transactions) {
            SpringTransactionManager transactionManager = new SpringTransactionManager(transactions);
            List<String> groups = new ArrayList<>(QuerySideConfiguration.PROCESSING_GROUPS);
            groups.add(DigestCollector.PROCESSING_GROUP);
            return configurer -> configurer.eventProcessing(processing -> groups
                    .forEach(group -> processing.registerTransactionManager(group, c -> transactionManager)));
        }

        private static void createTokenTable(DataSource dataSource) throws SQLException {
            try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE IF NOT EXISTS TokenEntry (processorName TEXT NOT NULL,"
                        + " segment INTEGER NOT NULL, token BLOB, tokenType TEXT, timestamp TEXT, owner TEXT,"
                        + " PRIMARY KEY (processorName, segment))");
            }
        }
    }

    /** Profiles {@code mongo} and {@code axon-server}: the MongoDB adapter on {@code spring.data.mongodb.uri}. */
    @Configuration(proxyBeanMethods = false)
    @Profile("mongo | axon-server")
    @Import(MongoReadModelConfiguration.class)
    public static class OnMongoDb {
    }
}
