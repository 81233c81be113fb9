package dev.herald.app.cluster;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * A MongoDB-wire server on a TCP port of this machine (mongo-java-server, in memory), standing in for the shared
 * MongoDB of a cluster. It outlives the Herald nodes a test starts and stops against it, so that they share and keep
 * what they store, as nodes on a real MongoDB do.
 */
public final class MongoWireServer implements AutoCloseable {

    private final MongoServer server;
    private final InetSocketAddress address;

    private MongoWireServer(MongoServer server) {
        this.server = server;
        this.address = server.getLocalAddress();
    }

    public static MongoWireServer start() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        return new MongoWireServer(server);
    }

    /** For {@code spring.data.mongodb.uri}; names no database, so that Herald's configured one is used. */
    public String uri() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /** Stops at once, dropping open connections, the way a server that goes away does. */
    @Override
    public void close() {
        server.shutdownNow();
    }
}
