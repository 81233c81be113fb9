package dev.herald.app.axon;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.app.DataDirectory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.TransactionDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Persistent deadlines (delivery retries, watchdogs, scheduled sends) through Axon's db-scheduler deadline manager,
 * on the node's own SQLite file {@value #DATABASE_FILE}, so that polling never competes with the event store's
 * single writer. {@code synchronous=FULL}: a deadline is flushed when its transaction commits, so a retry survives
 * power loss too.
 * <p>
 * db-scheduler reaches the file through a transaction-aware proxy, so a deadline scheduled or cancelled inside a
 * unit of work that runs in a {@link #DELIVERY_TRANSACTIONS delivery transaction} commits with that transaction, or
 * not at all. Every deadline handler runs in one. On the embedded profile the delivery saga's state and its token
 * live in the same file ({@link EmbeddedSagaStorage}), so a saga step (its state, its token, the deadlines it set,
 * cancelled or consumed) is one atomic, durable commit: a crash can no longer keep a deadline and lose the state that
 * expects it.
 * <p>
 * The file is per node, so this is the default (single-node) profile's way only: on the cluster profiles deadlines
 * live in the shared MongoDB instead ({@link MongoDeadlineConfiguration}).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@Profile("!mongo & !axon-server")
public class DeadlineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeadlineConfiguration.class);

    public static final String DATABASE_FILE = "delivery.db";
    static final String DELIVERY_TRANSACTIONS = "deliveryTransactionManager";

    @Bean(destroyMethod = "close")
    HikariDataSource deliveryDataSource(DataDirectory dataDirectory) throws SQLException {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout((int) DataDirectory.SQLITE_BUSY_TIMEOUT.toMillis());
        SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
        dataSource.setUrl("jdbc:sqlite:" + dataDirectory.resolve(DATABASE_FILE));
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("herald-delivery");
        hikari.setDataSource(dataSource);
        hikari.setMaximumPoolSize(6);
        HikariDataSource pool = new HikariDataSource(hikari);
        prepareSchedulerTable(pool);
        return pool;
    }

    /** db-scheduler's table in SQLite's dialect; db-scheduler ships no SQLite schema. */
    private static void prepareSchedulerTable(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS scheduled_tasks ("
                    + "task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data BLOB,"
                    + " execution_time INTEGER NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT,"
                    + " last_success INTEGER, last_failure INTEGER, consecutive_failures INTEGER,"
                    + " last_heartbeat INTEGER, version INTEGER NOT NULL,"
                    + " PRIMARY KEY (task_name, task_instance))");
            ddl.execute("CREATE INDEX IF NOT EXISTS execution_time_idx ON scheduled_tasks (execution_time)");
            ddl.execute("CREATE INDEX IF NOT EXISTS last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
            ddl.execute("CREATE TABLE IF NOT EXISTS write_lock (id INTEGER PRIMARY KEY, taken INTEGER NOT NULL)");
            ddl.execute("INSERT OR IGNORE INTO write_lock (id, taken) VALUES (1, 0)");
            // Nothing runs yet and the file is this node's alone, so a deadline marked as picked was picked by a
            // process that died with it (kill -9, power loss). Left alone, db-scheduler would revive it only after
            // its dead-execution detection (minutes); due again now, it fires as soon as the scheduler starts.
            int revived = ddl.executeUpdate("UPDATE scheduled_tasks SET picked = 0, picked_by = NULL,"
                    + " last_heartbeat = NULL WHERE picked = 1");
            if (revived > 0) {
                log.info("{} deadline(s) picked by a process that stopped without finishing them are due again",
                         revived);
            }
        }
    }

    @Bean(DELIVERY_TRANSACTIONS)
    DataSourceTransactionManager deliveryTransactionManager(
            @Qualifier("deliveryDataSource") DataSource deliveryDataSource) {
        return new WriteFirstTransactionManager(deliveryDataSource);
    }

    /**
     * Every delivery transaction takes SQLite's write lock with its first statement, before its unit of work takes
     * any of Axon's saga locks, so the two kinds of lock are always taken in the same order. Taken later (SQLite's
     * deferred default, at the first write), a unit of work holding saga A and waiting for the file could meet one
     * holding the file and waiting for saga A: both stall until the busy timeout (seen under load). The lock cannot
     * come from the driver's {@code BEGIN IMMEDIATE} mode either: the driver begins the next transaction right after
     * each commit, which in that mode takes the write lock again while the unit of work still holds its saga locks.
     */
    static final class WriteFirstTransactionManager extends DataSourceTransactionManager {

        WriteFirstTransactionManager(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
                throws SQLException {
            super.prepareTransactionalConnection(connection, definition);
            try (Statement take = connection.createStatement()) {
                take.executeUpdate("UPDATE write_lock SET taken = taken + 1 WHERE id = 1");
            }
        }
    }

    @Bean
    Scheduler deadlineScheduler(@Qualifier("deliveryDataSource") DataSource deliveryDataSource,
                                List<Task<?>> tasks) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(deliveryDataSource), tasks)
                .jdbcCustomization(new SqliteJdbcCustomization())
                .pollingInterval(Duration.ofMillis(500))
                .threads(4)
                .heartbeatInterval(Duration.ofSeconds(30))
                .build();
    }

    /**
     * Axon's auto-configured deadline manager would run handlers under the application's transaction manager (none:
     * MongoDB writes need no transaction); this one runs each in a delivery transaction, see the class comment.
     */
    @Bean
    DeadlineManager deadlineManager(Scheduler deadlineScheduler, Configuration axonConfiguration,
                                    @Qualifier("eventSerializer") Serializer eventSerializer,
                                    @Qualifier(DELIVERY_TRANSACTIONS) DataSourceTransactionManager transactions,
                                    DeadlineManagerSpanFactory spanFactory) {
        return new FiredDeadlineTolerantManager(DbSchedulerDeadlineManager.builder()
                .scheduler(deadlineScheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axonConfiguration))
                .serializer(eventSerializer)
                .transactionManager(new SpringTransactionManager(transactions))
                .spanFactory(spanFactory)
                .startScheduler(false)
                .stopScheduler(false));
    }

    @Bean
    SmartLifecycle deadlineSchedulerLifecycle(Scheduler deadlineScheduler) {
        return new DeadlinePolling(deadlineScheduler::start, deadlineScheduler::stop);
    }
}
