package dev.herald.app.axon;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.herald.app.HeraldProperties;
import dev.herald.app.cluster.NodeId;
import dev.herald.app.metrics.CommandQueueMetrics.CountingRejections;
import dev.herald.app.store.CommandStorage;
import dev.herald.app.store.CommitDurability;
import dev.herald.app.store.DurableCommandBus;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * Axon's infrastructure: Jackson serialization, tokens and sagas in MongoDB on the mongo and axon-server profiles (on
 * the embedded profile the delivery saga's go beside its deadlines, see {@link EmbeddedSagaStorage}, and the query
 * side's beside the read models, see {@code ReadModelStorageConfiguration}), and an asynchronous
 * command bus so that no command ever runs on a web event-loop thread.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class AxonInfrastructureConfiguration {

    /** Qualifies the serializer every token store must use ({@link #tokenSerializer()}). */
    public static final String TOKEN_SERIALIZER = "tokenSerializer";

    /**
     * How long a node's claim on a segment outlives its last token update: every token store's, so that a node that
     * died is taken over after the same time on every profile ({@code ClusterProperties#nodeTimeout} is shorter).
     */
    public static final Duration TOKEN_CLAIM_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Field visibility lets aggregate snapshots and saga state round-trip without getters; unknown properties are
     * ignored so that events written by an older version still read after a field is removed.
     */
    static ObjectMapper axonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static Serializer jackson() {
        return JacksonSerializer.builder().objectMapper(axonObjectMapper()).build();
    }

    @Bean
    @Primary
    Serializer serializer() {
        return jackson();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return jackson();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer() {
        return jackson();
    }

    /**
     * Tracking tokens are Axon's and axon-mongo's classes, written for Axon's default Jackson setup (accessors and
     * creators, dates as decimal seconds), not for the field-visibility mapper above: that one writes
     * {@code MongoTrackingToken}'s epoch-millisecond field and reads it back through the creator's {@code Instant} as
     * seconds, so each load multiplied the timestamp by 1,000 and a node that loaded a token never advanced again.
     * Integers are read as milliseconds so that tokens written by that mapper still load right (Axon's default writes
     * decimals, which read as seconds either way). Every token store uses this one; TokenSerializerTest round-trips
     * each token type Herald can meet.
     */
    @Bean
    @Qualifier(TOKEN_SERIALIZER)
    public Serializer tokenSerializer() {
        return JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS))
                .build();
    }

    @Bean
    @Profile("mongo | axon-server")
    MongoTemplate axonMongoTemplate(MongoDatabaseFactory mongoDatabaseFactory) {
        return DefaultMongoTemplate.builder().mongoDatabase(mongoDatabaseFactory.getMongoDatabase()).build();
    }

    /**
     * Claims carry the node's own name ({@link NodeId}): the JVM's name alone may repeat across containers. On the
     * embedded profile tokens live beside the read models instead ({@code ReadModelStorageConfiguration}). MongoDB
     * has no transaction around a batch, so a batch's token is written after its other writes ({@link TokenLastStore}).
     */
    @Bean
    @Profile("mongo | axon-server")
    TokenStore tokenStore(MongoTemplate axonMongoTemplate, @Qualifier(TOKEN_SERIALIZER) Serializer tokenSerializer,
                          NodeId nodeId) {
        return new TokenLastStore(MongoTokenStore.builder()
                .mongoTemplate(axonMongoTemplate)
                .serializer(tokenSerializer)
                .claimTimeout(TOKEN_CLAIM_TIMEOUT)
                .nodeId(nodeId.value())
                .build());
    }

    /** The same token store under a fresh node name, for tests that build one outside Spring. */
    TokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer tokenSerializer) {
        return tokenStore(axonMongoTemplate, tokenSerializer, NodeId.of(null));
    }

    /** On the embedded profile sagas live beside their deadlines instead ({@link EmbeddedSagaStorage}). */
    @Bean
    @Profile("mongo | axon-server")
    SagaStore<Object> sagaStore(MongoTemplate axonMongoTemplate, Serializer serializer) {
        return MongoSagaStore.builder().mongoTemplate(axonMongoTemplate).serializer(serializer).build();
    }

    /** Event processors and the token store write to MongoDB, which needs no surrounding transaction. */
    @Bean
    TransactionManager axonTransactionManager() {
        return NoTransactionManager.INSTANCE;
    }

    /**
     * Bounded, so that an overloaded node refuses work (503) instead of queueing without limit; the refusals are
     * counted ({@code MetricsConfiguration}).
     */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolExecutor commandExecutor(HeraldProperties properties) {
        int threads = properties.commands().threads();
        return new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(properties.commands().queueLimit()), new AxonThreadFactory("herald-commands"),
                new CountingRejections());
    }

    @Bean(destroyMethod = "")
    @Qualifier("localSegment")
    CommandBus commandBus(ThreadPoolExecutor commandExecutor, ObjectProvider<CommandStorage> storage,
                          Configuration axon, DuplicateCommandHandlerResolver duplicateCommandHandlerResolver) {
        // Axon Server (and any store that is durable per write) needs neither a transaction nor a durability wait.
        CommandStorage commandStorage = storage.getIfAvailable(
                () -> new CommandStorage(NoTransactionManager.INSTANCE, CommitDurability.IMMEDIATE));
        AsynchronousCommandBus bus = AsynchronousCommandBus.builder()
                .executor(commandExecutor)
                .transactionManager(commandStorage.transactionManager())
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        return DurableCommandBus.wrap(bus, commandStorage.durability());
    }
}
