package dev.herald.app.axon;

import dev.herald.app.store.SqliteTokenStore;
import dev.herald.saga.delivery.DeliverySaga;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * On the embedded profile the delivery saga keeps its state and its tracking token in the node's delivery file,
 * beside its deadlines (see {@link DeadlineConfiguration}), and its processor runs every batch in one delivery
 * transaction: a saga step commits its state, its token and its deadline changes together and durably, so a crash
 * can never keep a retry deadline and lose the saga state that expects it (CrashIT's kill during retries once left
 * channels RETRYING for ever when saga state lived in a store that held writes in memory). Association lookups are
 * index lookups here. The mongo and axon-server profiles keep sagas, tokens and deadlines in their MongoDB, shared by
 * every node.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!mongo & !axon-server")
public class EmbeddedSagaStorage {

    @Bean
    SagaStore<Object> sagaStore(@Qualifier("deliveryDataSource") DataSource deliveryDataSource,
                                Serializer serializer) throws SQLException {
        createTables(deliveryDataSource);
        return JdbcSagaStore.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(deliveryDataSource))
                .serializer(serializer)
                .build();
    }

    @Bean
    ConfigurerModule deliveryTokenAndTransactions(@Qualifier("deliveryDataSource") DataSource deliveryDataSource,
                                                  @Qualifier(DeadlineConfiguration.DELIVERY_TRANSACTIONS)
                                                  DataSourceTransactionManager transactions,
                                                  @Qualifier(AxonInfrastructureConfiguration.TOKEN_SERIALIZER)
                                                  Serializer tokenSerializer) {
        ConnectionProvider connections = new SpringDataSourceConnectionProvider(deliveryDataSource);
        SqliteTokenStore tokenStore = new SqliteTokenStore(JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(tokenSerializer)
                .claimTimeout(AxonInfrastructureConfiguration.TOKEN_CLAIM_TIMEOUT));
        SpringTransactionManager transactionManager = new SpringTransactionManager(transactions);
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTokenStore(DeliverySaga.PROCESSING_GROUP, configuration -> tokenStore)
                .registerTransactionManager(DeliverySaga.PROCESSING_GROUP, configuration -> transactionManager));
    }

    /** Axon's generic saga and token DDL in SQLite's dialect, with the indexes that make association lookups keys. */
    private static void createTables(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS SagaEntry (sagaId TEXT NOT NULL PRIMARY KEY, revision TEXT,"
                    + " sagaType TEXT, serializedSaga BLOB)");
            ddl.execute("CREATE TABLE IF NOT EXISTS AssociationValueEntry (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " associationKey TEXT, associationValue TEXT, sagaId TEXT, sagaType TEXT)");
            ddl.execute("CREATE INDEX IF NOT EXISTS AssociationValueEntry_value"
                    + " ON AssociationValueEntry (sagaType, associationKey, associationValue)");
            ddl.execute("CREATE INDEX IF NOT EXISTS AssociationValueEntry_saga"
                    + " ON AssociationValueEntry (sagaId, sagaType)");
            ddl.execute("CREATE TABLE IF NOT EXISTS TokenEntry (processorName TEXT NOT NULL, segment INTEGER NOT NULL,"
                    + " token BLOB, tokenType TEXT, timestamp TEXT, owner TEXT, PRIMARY KEY (processorName, segment))");
        }
    }
}
