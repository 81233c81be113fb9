package dev.herald.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.MergedTrackingToken;
import org.axonframework.eventhandling.MultiSourceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * Every tracking token Herald can meet survives being stored and loaded, again and again, and keeps advancing the
 * same way afterwards: MongoDB events (mongo profile), the JDBC store with gaps (default profile), Axon Server's
 * global sequence, a replay of each, and the tokens that splitting, merging and multi-source processing make.
 */
class TokenSerializerTest {

    private static final Instant NOW = Instant.parse("2026-12-04T16:30:58.123Z");
    private static final Duration LOOK_BACK = Duration.ofSeconds(10);

    private final AxonInfrastructureConfiguration configuration = new AxonInfrastructureConfiguration();
    private final Serializer tokens = configuration.tokenSerializer();

    /** A token on the mongo profile: the newest event's time and the recent events it has seen, by id. */
    private static MongoTrackingToken mongoToken() {
        Map<String, Long> trackedEvents = new LinkedHashMap<>();
        trackedEvents.put("4f6c1f1e-0001", NOW.minusMillis(2_750).toEpochMilli());
        trackedEvents.put("4f6c1f1e-0002", NOW.minusMillis(1_020).toEpochMilli());
        trackedEvents.put("4f6c1f1e-0003", NOW.minusMillis(3).toEpochMilli());
        trackedEvents.put("4f6c1f1e-0004", NOW.toEpochMilli());
        return MongoTrackingToken.of(NOW, trackedEvents);
    }

    private static TrackingToken advanceMongo(TrackingToken token) {
        return ((MongoTrackingToken) token).advanceTo(NOW.plusMillis(417), "4f6c1f1e-0005", LOOK_BACK);
    }

    private static GapAwareTrackingToken gapAwareToken() {
        return GapAwareTrackingToken.newInstance(1_042, List.of(1_001L, 1_017L, 1_040L));
    }

    private static TrackingToken fillGap(TrackingToken token) {
        return ((GapAwareTrackingToken) token).advanceTo(1_017, 10_000);
    }

    private static TrackingToken nextGlobal(TrackingToken token) {
        return ((GlobalSequenceTrackingToken) token).next();
    }

    /** What a replay asked with a reason carries; Axon keeps it in the token for the replay's handlers. */
    record ReplayReason(String askedBy, Instant askedAt) {
    }

    @Test
    void mongoTrackingTokenKeepsItsTimeAndItsTrackedEvents() {
        MongoTrackingToken token = mongoToken();

        MongoTrackingToken loaded = (MongoTrackingToken) load(token);

        assertThat(loaded.getTimestamp()).isEqualTo(NOW);
        assertThat(loaded.getTrackedEvents()).isEqualTo(token.getTrackedEvents());
        assertThat(loaded.covers(token)).isTrue();
        assertThat(advanceMongo(loaded).covers(token)).isTrue();
        assertSurvivesLoadsAndAdvancesAlike(token, TokenSerializerTest::advanceMongo);
    }

    @Test
    void gapAwareTrackingTokenKeepsItsGaps() {
        GapAwareTrackingToken token = gapAwareToken();

        assertThat(((GapAwareTrackingToken) load(token)).getGaps()).containsExactly(1_001L, 1_017L, 1_040L);
        assertSurvivesLoadsAndAdvancesAlike(token, TokenSerializerTest::fillGap);
    }

    @Test
    void globalSequenceTrackingTokenKeepsItsPosition() {
        assertSurvivesLoadsAndAdvancesAlike(new GlobalSequenceTrackingToken(4_711), TokenSerializerTest::nextGlobal);
    }

    @Test
    void replayTokensKeepWhereTheResetWasWhereTheyAreAndWhy() {
        ReplayReason reason = new ReplayReason("ops@example.com", NOW);
        Instant hourAgo = NOW.minusSeconds(3_600);
        Instant firstEvent = hourAgo.plusMillis(5);
        assertReplaySurvives(mongoToken(), MongoTrackingToken.of(hourAgo, Map.of()), reason,
                MongoTrackingToken.of(firstEvent, Map.of("4f6c1f1e-0000", firstEvent.toEpochMilli())));
        GapAwareTrackingToken start = GapAwareTrackingToken.newInstance(10, List.of(7L));
        assertReplaySurvives(gapAwareToken(), start, reason, start.advanceTo(11, 10_000));
        assertReplaySurvives(new GlobalSequenceTrackingToken(4_711), new GlobalSequenceTrackingToken(99), reason,
                new GlobalSequenceTrackingToken(100));
        assertReplaySurvives(new GlobalSequenceTrackingToken(4_711), null, null, new GlobalSequenceTrackingToken(0));
    }

    @Test
    void replayTokenThatReachedTheResetPointEndsTheReplayAfterLoading() {
        TrackingToken replay = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(5),
                new GlobalSequenceTrackingToken(4));

        TrackingToken advanced = ((ReplayToken) load(replay)).advancedTo(new GlobalSequenceTrackingToken(6));

        assertThat(advanced).isEqualTo(new GlobalSequenceTrackingToken(6));
    }

    @Test
    void mergedTrackingTokenKeepsBothSegmentsAndMergesAlike() {
        MergedTrackingToken token = new MergedTrackingToken(new GlobalSequenceTrackingToken(40),
                new GlobalSequenceTrackingToken(45));

        assertSurvivesLoadsAndAdvancesAlike(token,
                merged -> ((MergedTrackingToken) merged).advancedTo(new GlobalSequenceTrackingToken(41)));

        Instant secondAgo = NOW.minusSeconds(1);
        MergedTrackingToken mongoHalves = new MergedTrackingToken(mongoToken(),
                MongoTrackingToken.of(secondAgo, Map.of("4f6c1f1e-0000", secondAgo.toEpochMilli())));
        assertSurvivesLoadsAndAdvancesAlike(mongoHalves,
                merged -> ((MergedTrackingToken) merged).advancedTo(advanceMongo(mongoToken())));
    }

    @Test
    void multiSourceTrackingTokenKeepsEverySource() {
        MultiSourceTrackingToken token = new MultiSourceTrackingToken(Map.of(
                "events", new GlobalSequenceTrackingToken(4_711),
                "mongo", mongoToken(),
                "jdbc", gapAwareToken()));

        assertSurvivesLoadsAndAdvancesAlike(token,
                multi -> ((MultiSourceTrackingToken) multi).advancedTo("mongo", advanceMongo(mongoToken())));
    }

    /** A store on the mongo profile before this serializer wrote the epoch milliseconds as an integer field. */
    @Test
    void mongoTokenWrittenByTheEarlierFieldMapperLoadsAtTheRightTime() {
        SerializedObject<byte[]> legacy = configuration.serializer().serialize(mongoToken(), byte[].class);
        assertThat(new String(legacy.getData())).contains("\"timestamp\":" + NOW.toEpochMilli());

        assertThat(tokens.<byte[], TrackingToken>deserialize(legacy)).isEqualTo(mongoToken());
    }

    /** Why tokens have a serializer of their own: the one for sagas and snapshots moves a Mongo token's time. */
    @Test
    void theFieldVisibilitySerializerCannotKeepAMongoToken() {
        Serializer general = configuration.serializer();

        MongoTrackingToken loaded = general.deserialize(general.serialize(mongoToken(), byte[].class));

        assertThat(loaded.getTimestamp()).isNotEqualTo(NOW);
    }

    @Test
    void mongoTokenStoreKeepsTokensThroughStoreAndFetch() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            TokenStore store = configuration.tokenStore(
                    DefaultMongoTemplate.builder().mongoDatabase(client.getDatabase("herald")).build(), tokens);
            store.initializeTokenSegments("inbox", 1);
            assertThat(store.fetchToken("inbox", 0)).isNull();

            store.storeToken(mongoToken(), "inbox", 0);
            TrackingToken fetched = store.fetchToken("inbox", 0);
            assertThat(fetched).isEqualTo(mongoToken());

            TrackingToken advanced = advanceMongo(fetched);
            store.storeToken(advanced, "inbox", 0);
            assertThat(store.fetchToken("inbox", 0)).isEqualTo(advanceMongo(mongoToken()));

            TrackingToken replay = ReplayToken.createReplayToken(advanced, null, null);
            store.storeToken(replay, "inbox", 0);
            assertThat(store.fetchToken("inbox", 0)).isEqualTo(replay);
        } finally {
            server.shutdownNow();
        }
    }

    private void assertReplaySurvives(TrackingToken atReset, TrackingToken start, Object context, TrackingToken next) {
        TrackingToken replay = ReplayToken.createReplayToken(atReset, start, context);
        assertThat(replay).isInstanceOf(ReplayToken.class);

        ReplayToken loaded = (ReplayToken) load(replay);

        assertThat(loaded.context()).isEqualTo(context);
        assertThat(loaded.getTokenAtReset()).isEqualTo(atReset);
        assertThat(loaded.getCurrentToken()).isEqualTo(start);
        assertSurvivesLoadsAndAdvancesAlike(replay, token -> ((ReplayToken) token).advancedTo(next));
    }

    /**
     * Loaded once and twice, the token equals the one stored; advanced after loading, it equals the original advanced,
     * and so does that advanced token after loading (a restart mid-run reads what the last batch wrote).
     */
    private void assertSurvivesLoadsAndAdvancesAlike(TrackingToken token, UnaryOperator<TrackingToken> advance) {
        TrackingToken once = load(token);
        TrackingToken twice = load(once);

        assertThat(once).isEqualTo(token).hasSameHashCodeAs(token);
        assertThat(twice).isEqualTo(token);
        assertThat(once.position()).isEqualTo(token.position());

        TrackingToken advanced = advance.apply(token);
        assertThat(advanced).isNotEqualTo(token);
        assertThat(advance.apply(once)).isEqualTo(advanced);
        assertThat(advance.apply(twice)).isEqualTo(advanced);
        assertThat(load(load(advance.apply(once)))).isEqualTo(advanced);
    }

    private TrackingToken load(TrackingToken token) {
        return tokens.deserialize(tokens.serialize(token, byte[].class));
    }
}
