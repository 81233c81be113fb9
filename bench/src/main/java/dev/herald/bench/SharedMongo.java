package dev.herald.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.slf4j.LoggerFactory;

/**
 * The MongoDB that the nodes of a benchmarked cluster share: mongo-java-server with its in-memory backend, in this
 * process on a free port of 127.0.0.1, or a real MongoDB given by its URI. Herald uses one database of it, which the
 * benchmark drops so that each run starts on an empty store; closing drops it once more, so that a real MongoDB is
 * left as it was found. The in-process server logs to a file of its own, beside the nodes' logs, so that what it
 * says (an index it ignores, a node that went away) does not bury the suite's progress.
 */
final class SharedMongo implements AutoCloseable {

    static final String DEFAULT_DATABASE = "herald-bench";
    /** axon-mongo's token store collection (its {@code DefaultMongoTemplate} default, which Herald keeps). */
    static final String TRACKING_TOKENS = "trackingtokens";

    private final MongoServer server;
    private final FileAppender<ILoggingEvent> serverLog;
    private final String uri;
    private final String database;
    private final String description;
    private final MongoClient client;

    private SharedMongo(MongoServer server, FileAppender<ILoggingEvent> serverLog, String uri, String database,
                        String description) {
        this.server = server;
        this.serverLog = serverLog;
        this.uri = uri;
        this.database = database;
        this.description = description;
        this.client = MongoClients.create(uri);
    }

    /**
     * @param uri a real MongoDB's connection string, or null for mongo-java-server in this process
     * @param log where the in-process server logs
     */
    static SharedMongo start(String uri, Path log) {
        if (uri != null) {
            String database = databaseOf(uri);
            return new SharedMongo(null, null, uri, database, "MongoDB at " + withoutPassword(uri) + ", database "
                                                              + database);
        }
        FileAppender<ILoggingEvent> serverLog = logTo(log);
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        String local = "mongodb://" + address.getHostString() + ":" + address.getPort();
        return new SharedMongo(server, serverLog, local + "/" + DEFAULT_DATABASE, DEFAULT_DATABASE,
                               "mongo-java-server (in-memory backend) in the benchmark's process at " + local);
    }

    private static FileAppender<ILoggingEvent> logTo(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        Logger logger = context.getLogger(MongoServer.class.getPackageName());
        logger.addAppender(appender);
        logger.setAdditive(false);
        return appender;
    }

    /** Herald's settings that point it at this database (the profile is the caller's to choose). */
    List<String> heraldSettings() {
        // The database too: Herald's own application.yml names one, which would win over the URI's.
        return List.of("--spring.data.mongodb.uri=" + uri, "--spring.data.mongodb.database=" + database);
    }

    String description() {
        return description;
    }

    boolean inProcess() {
        return server != null;
    }

    void drop() {
        client.getDatabase(database).drop();
    }

    /** One segment of an event processor, and the node that holds its claim ({@code <pid>@<host>}, null if none). */
    record SegmentClaim(String processor, int segment, String owner) {
    }

    /** Every segment in the token store, by processor and segment. */
    List<SegmentClaim> segmentClaims() {
        List<SegmentClaim> claims = new ArrayList<>();
        for (Document token : client.getDatabase(database).getCollection(TRACKING_TOKENS).find()
                .projection(Projections.include("processorName", "segment", "owner"))
                .sort(Sorts.ascending("processorName", "segment"))) {
            claims.add(new SegmentClaim(token.getString("processorName"), token.getInteger("segment", -1),
                                        token.getString("owner")));
        }
        return claims;
    }

    /** The database a URI names, else {@value #DEFAULT_DATABASE}. */
    static String databaseOf(String uri) {
        String named = new ConnectionString(uri).getDatabase();
        return named == null || named.isBlank() ? DEFAULT_DATABASE : named;
    }

    static String withoutPassword(String uri) {
        return uri.replaceFirst("(://[^:/@]+:)[^@/]*@", "$1***@");
    }

    @Override
    public void close() {
        try {
            drop();
        } catch (RuntimeException e) {
            Progress.log("could not drop the benchmark's database %s: %s", database, e);
        } finally {
            client.close();
            if (server != null) {
                server.shutdownNow();
                Logger logger = (Logger) LoggerFactory.getLogger(MongoServer.class.getPackageName());
                logger.detachAppender(serverLog);
                logger.setAdditive(true);
                serverLog.stop();
            }
        }
    }
}
