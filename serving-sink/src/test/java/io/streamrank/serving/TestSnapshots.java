package io.streamrank.serving;

import io.streamrank.features.state.FeatureOptions;
import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.prerank.PrerankOptions;
import io.streamrank.model.prerank.TwoTowerModel;
import io.streamrank.model.ranker.RankerModel;
import io.streamrank.model.ranker.RankerOptions;
import io.streamrank.model.snapshot.ModelSnapshot;
import io.streamrank.model.snapshot.SnapshotManifest;
import io.streamrank.serving.sink.SnapshotAnnouncement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes ranker and pre-ranker snapshots with networks built by the model-state classes, in the
 * layout of {@code SnapshotPublisher}: {@code <root>/<model>/v0000000007/}.
 */
public final class TestSnapshots {

    public static final int DIMENSION = EmbeddingOptions.DEFAULTS.dimension();

    private static Map<String, byte[]> rankerNetworks;
    private static Map<String, byte[]> prerankNetworks;

    private TestSnapshots() {}

    /** Returns the settings a trainer writes into a manifest: the embedding and the feature settings. */
    public static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.putAll(EmbeddingOptions.DEFAULTS.toSettings());
        settings.putAll(FeatureOptions.DEFAULTS.toSettings());
        return settings;
    }

    /** Writes a ranker snapshot and returns its announcement. */
    public static SnapshotAnnouncement writeRanker(
            Path root, long version, SnapshotManifest.Kind kind, long baseVersion,
            Map<Long, float[]> users, Map<Long, float[]> items) {
        return write(root, manifest("ranker", version, kind, baseVersion), rankerNetworks(), users, items);
    }

    /** Writes a pre-ranker snapshot and returns its announcement. */
    public static SnapshotAnnouncement writePrerank(
            Path root, long version, SnapshotManifest.Kind kind, long baseVersion,
            Map<Long, float[]> users, Map<Long, float[]> items) {
        return write(root, manifest("prerank", version, kind, baseVersion), prerankNetworks(), users, items);
    }

    /** Writes a snapshot with the given networks and tables {@code users} and {@code items}. */
    public static SnapshotAnnouncement write(
            Path root, SnapshotManifest manifest, Map<String, byte[]> networks,
            Map<Long, float[]> users, Map<Long, float[]> items) {
        Path directory = root.resolve(manifest.model()).resolve(ModelSnapshot.directoryName(manifest.version()));
        Map<String, Map<Long, float[]>> tables = new TreeMap<>();
        tables.put("users", users);
        tables.put("items", items);
        try {
            Files.createDirectories(directory);
            new ModelSnapshot(manifest, networks, tables).writeTo(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return announcementOf(manifest, directory);
    }

    public static SnapshotAnnouncement announcementOf(SnapshotManifest manifest, Path directory) {
        return new SnapshotAnnouncement(
                manifest.model(), manifest.version(), manifest.kind(), manifest.baseVersion(),
                directory.toAbsolutePath().toString(), manifest.version() + 100, System.currentTimeMillis());
    }

    public static SnapshotManifest manifest(String model, long version, SnapshotManifest.Kind kind, long baseVersion) {
        return new SnapshotManifest(
                model, version, kind, baseVersion, -1L, 1_700_000_000_000L, 1000L * version,
                1_700_000_000_000L, DIMENSION, settings(), Map.of("auc", 0.5));
    }

    /** Returns rows for ids {@code from} to {@code to} (exclusive) with Gaussian weights from {@code seed}. */
    public static Map<Long, float[]> rows(long from, long to, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Long, float[]> rows = new TreeMap<>();
        for (long id = from; id < to; id++) {
            float[] weights = new float[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                weights[i] = (float) (random.nextGaussian() * 0.1);
            }
            rows.put(id, weights);
        }
        return rows;
    }

    /** Returns a row whose every weight is {@code value}. */
    public static float[] constantRow(float value) {
        float[] weights = new float[DIMENSION];
        java.util.Arrays.fill(weights, value);
        return weights;
    }

    public static synchronized Map<String, byte[]> rankerNetworks() {
        if (rankerNetworks == null) {
            try {
                rankerNetworks = Map.of("ranker", RankerModel.create(RankerOptions.DEFAULTS).network().toBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rankerNetworks;
    }

    public static synchronized Map<String, byte[]> prerankNetworks() {
        if (prerankNetworks == null) {
            TwoTowerModel model = TwoTowerModel.create(PrerankOptions.DEFAULTS);
            try {
                prerankNetworks = Map.of(
                        "user_tower", model.userTower().toBytes(),
                        "item_tower", model.itemTower().toBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return prerankNetworks;
    }
}
