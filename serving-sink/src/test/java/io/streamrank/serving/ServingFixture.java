package io.streamrank.serving;

import static io.streamrank.model.snapshot.SnapshotManifest.Kind.FULL;

import io.streamrank.features.state.FeatureCodec;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.serving.cascade.CascadeOptions;
import io.streamrank.serving.cascade.Recommender;
import io.streamrank.serving.features.OnlineFeatureStore;
import io.streamrank.serving.http.HttpOptions;
import io.streamrank.serving.http.ServingApi;
import io.streamrank.serving.http.ServingHttpServer;
import io.streamrank.serving.metrics.ServingMetrics;
import io.streamrank.serving.model.LoadOutcome;
import io.streamrank.serving.model.SnapshotLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A serving stack without Kafka: a feature store in a temporary directory fed with items 1 to
 * {@value #ITEM_COUNT} (item i has i decayed clicks) and one known user, snapshots of both
 * models, the cascade and the API.
 */
public final class ServingFixture implements AutoCloseable {

    public static final long KNOWN_USER = 7;
    public static final long[] ENGAGED = {3, 49, 50};
    public static final int ITEM_COUNT = 50;

    /** An item with a pre-ranker row but no features, whose row is nearest to the known user's. */
    public static final long NEAREST_ONLY_ITEM = 1000;

    public static final long PRERANK_VERSION = 1;
    public static final long RANKER_VERSION = 2;

    public final Path snapshotRoot;
    public final OnlineFeatureStore store;
    public final SnapshotLoader loader;
    public final Recommender recommender;
    public final ServingMetrics metrics = new ServingMetrics();
    public final ServingApi api;
    private ServingHttpServer http;

    private ServingFixture(Path directory, CascadeOptions options) throws IOException {
        this.snapshotRoot = directory.resolve("snapshots");
        this.store = OnlineFeatureStore.open(directory.resolve("state"), FeatureOptions.DEFAULTS, Clock.systemUTC());
        this.loader = new SnapshotLoader(snapshotRoot);
        loader.addLoadListener(model -> store.useFeatureOptions(model.contents().features()));
        this.recommender = new Recommender(store, loader::current, options, Clock.systemUTC());
        this.api = new ServingApi(recommender, store, loader, metrics, List.of());
    }

    /** Creates the stack with features fed and no snapshot loaded. */
    public static ServingFixture withFeatures(Path directory, CascadeOptions options) throws IOException {
        ServingFixture fixture = new ServingFixture(directory, options);
        fixture.feedFeatures();
        return fixture;
    }

    /** Creates the stack with features fed and both models loaded. */
    public static ServingFixture withModels(Path directory, CascadeOptions options) throws IOException {
        ServingFixture fixture = withFeatures(directory, options);
        fixture.loadPrerank();
        fixture.loadRanker();
        return fixture;
    }

    public UserFeatures knownUser() {
        return TestFeatures.userWhoClicked(KNOWN_USER, ENGAGED);
    }

    public static Set<Long> engaged() {
        return Set.of(3L, 49L, 50L);
    }

    public void loadPrerank() {
        Map<Long, float[]> items = TestSnapshots.rows(1, ITEM_COUNT + 1, 11);
        items.put(NEAREST_ONLY_ITEM, TestSnapshots.constantRow(1f));
        Map<Long, float[]> users = TestSnapshots.rows(1, 10, 12);
        users.put(KNOWN_USER, TestSnapshots.constantRow(1f));
        require(loader.apply(TestSnapshots.writePrerank(snapshotRoot, PRERANK_VERSION, FULL, PRERANK_VERSION, users, items)));
    }

    public void loadRanker() {
        require(loader.apply(TestSnapshots.writeRanker(
                snapshotRoot, RANKER_VERSION, FULL, RANKER_VERSION,
                TestSnapshots.rows(1, 10, 13), TestSnapshots.rows(1, ITEM_COUNT + 1, 14))));
    }

    public ServingHttpServer startHttp() throws IOException {
        http = ServingHttpServer.start(HttpOptions.loopbackOnFreePort(), api);
        return http;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        store.close();
    }

    private void feedFeatures() {
        for (long id = 1; id <= ITEM_COUNT; id++) {
            store.apply(FeatureCodec.itemKey(id), TestFeatures.encode(TestFeatures.item(id, TestFeatures.START, id)),
                    System.currentTimeMillis());
        }
        store.apply(FeatureCodec.userKey(KNOWN_USER), TestFeatures.encode(knownUser()), System.currentTimeMillis());
    }

    private static void require(LoadOutcome outcome) {
        if (outcome != LoadOutcome.LOADED) {
            throw new IllegalStateException("fixture snapshot was not loaded: " + outcome);
        }
    }
}
