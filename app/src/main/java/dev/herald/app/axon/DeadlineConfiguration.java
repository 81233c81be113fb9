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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Persistent deadlines (delivery retries, watchdogs, scheduled sends) through Axon's db-scheduler deadline manager.
 * Axon's auto-configuration supplies the deadline manager and its task once a {@link Scheduler} exists; this class
 * supplies the scheduler, on its own SQLite file so that polling never competes with the event store's single
 * writer. {@code synchronous=FULL}: a deadline is flushed when it is scheduled, so a retry survives power loss too.
 * <p>
 * The file is per node: on a cluster, a node's pending deadlines fire when that node runs again.
 */
@Configuration(proxyBeanMethods = false)
public class DeadlineConfiguration {

    static final String DATABASE_FILE = "deadlines.db";

    @Bean(destroyMethod = "close")
    HikariDataSource deadlineDataSource(DataDirectory dataDirectory) throws SQLException {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(30_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
        dataSource.setUrl("jdbc:sqlite:" + dataDirectory.resolve(DATABASE_FILE));
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("herald-deadlines");
        hikari.setDataSource(dataSource);
        hikari.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(hikari);
        createTable(pool);
        return pool;
    }

    /** db-scheduler's table in SQLite's dialect; db-scheduler ships no SQLite schema. */
    private static void createTable(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS scheduled_tasks ("
                    + "task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data BLOB,"
                    + " execution_time INTEGER NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT,"
                    + " last_success INTEGER, last_failure INTEGER, consecutive_failures INTEGER,"
                    + " last_heartbeat INTEGER, version INTEGER NOT NULL,"
                    + " PRIMARY KEY (task_name, task_instance))");
            ddl.execute("CREATE INDEX IF NOT EXISTS execution_time_idx ON scheduled_tasks (execution_time)");
            ddl.execute("CREATE INDEX IF NOT EXISTS last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
        }
    }

    @Bean
    Scheduler deadlineScheduler(@Qualifier("deadlineDataSource") DataSource deadlineDataSource,
                                List<Task<?>> tasks) {
        return Scheduler.create(deadlineDataSource, tasks)
                .jdbcCustomization(new SqliteJdbcCustomization())
                .pollingInterval(Duration.ofMillis(500))
                .threads(4)
                .heartbeatInterval(Duration.ofSeconds(30))
                .build();
    }

    /**
     * Starts polling once Axon's processors and sagas are running (deadlines are delivered to them) and stops it
     * before they stop.
     */
    @Bean
    SmartLifecycle deadlineSchedulerLifecycle(Scheduler deadlineScheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                deadlineScheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                deadlineScheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 100;
            }
        };
    }
}
