package io.streamrank.serving.model;

import static io.streamrank.serving.TestSnapshots.constantRow;
import static io.streamrank.serving.TestSnapshots.rows;
import static io.streamrank.serving.TestSnapshots.writePrerank;
import static io.streamrank.serving.TestSnapshots.writeRanker;
import static io.streamrank.model.snapshot.SnapshotManifest.Kind.DELTA;
import static io.streamrank.model.snapshot.SnapshotManifest.Kind.FULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.embedding.InMemoryEmbeddingStore;
import io.streamrank.model.snapshot.ModelSnapshot;
import io.streamrank.model.snapshot.SnapshotManifest;
import io.streamrank.serving.TestSnapshots;
import io.streamrank.serving.sink.SnapshotAnnouncement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

class SnapshotLoaderTest {

    @TempDir
    Path root;

    @Test
    void fullThenDeltaReplacesRows() {
        SnapshotLoader loader = new SnapshotLoader(root);
        Map<Long, float[]> items = rows(100, 120, 1);
        assertThat(loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 10, 2), items))).isEqualTo(LoadOutcome.LOADED);
        assertThat(loader.current().ranker().version()).isEqualTo(1);

        Map<Long, float[]> changed = new HashMap<>();
        changed.put(100L, constantRow(0.5f));
        changed.put(200L, constantRow(-0.25f));
        LoadOutcome outcome = loader.apply(writeRanker(root, 2, DELTA, 1, Map.of(), changed));

        assertThat(outcome).isEqualTo(LoadOutcome.LOADED);
        ServingRanker ranker = loader.current().ranker();
        assertThat(ranker.version()).isEqualTo(2);
        assertThat(ranker.contents().manifest().kind()).isEqualTo(DELTA);
        assertThat(ranker.items().weights(100)).containsExactly(constantRow(0.5f));
        assertThat(ranker.items().weights(200)).containsExactly(constantRow(-0.25f));
        assertThat(ranker.items().weights(101)).containsExactly(items.get(101L));
        assertThat(ranker.items().size()).isEqualTo(21);
        assertThat(ranker.users().size()).isEqualTo(9);
        assertThat(loader.loadedCount("ranker")).isEqualTo(2);
        assertThat(loader.current().versions()).containsExactly(Map.entry("ranker", 2L));
    }

    @Test
    void inFlightSetKeepsItsVersion() {
        SnapshotLoader loader = new SnapshotLoader(root);
        Map<Long, float[]> items = rows(100, 110, 1);
        loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 5, 2), items));
        ModelSet inFlight = loader.current();

        loader.apply(writeRanker(root, 2, DELTA, 1, Map.of(), Map.of(100L, constantRow(0.5f))));

        assertThat(inFlight.ranker().version()).isEqualTo(1);
        assertThat(inFlight.ranker().items().weights(100)).containsExactly(items.get(100L));
        assertThat(loader.current().ranker().version()).isEqualTo(2);
    }

    @Test
    void missingRowUsesTrainerDefault() throws Exception {
        SnapshotLoader loader = new SnapshotLoader(root);
        loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1)));
        EmbeddingTable trainerTable = new EmbeddingTable(new InMemoryEmbeddingStore(), EmbeddingOptions.DEFAULTS);
        float[] trainerWeights = new float[EmbeddingOptions.DEFAULTS.dimension()];

        trainerTable.readWeights(999, trainerWeights, 0);

        EmbeddingRows items = loader.current().ranker().items();
        assertThat(items.hasRow(999)).isFalse();
        assertThat(items.weights(999)).containsExactly(trainerWeights);
        assertThat(items.weights(999)).containsExactly(trainerTable.defaultWeights());
        assertThat(items.weights(998)).isSameAs(items.weights(999));
    }

    @Test
    void storedDefaultRowServesMissingIds() {
        SnapshotLoader loader = new SnapshotLoader(root);
        Map<Long, float[]> items = new HashMap<>(rows(100, 110, 1));
        items.put(EmbeddingTable.DEFAULT_ROW_ID, constantRow(0.3f));

        loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 5, 2), items));

        EmbeddingRows loaded = loader.current().ranker().items();
        assertThat(loaded.weights(999)).containsExactly(constantRow(0.3f));
        assertThat(loaded.defaultWeights()).containsExactly(constantRow(0.3f));
        assertThat(loaded.size()).isEqualTo(10);
        assertThat(loaded.rows()).doesNotContainKey(EmbeddingTable.DEFAULT_ROW_ID);
        assertThat(loaded.hasRow(EmbeddingTable.DEFAULT_ROW_ID)).isFalse();
    }

    @Test
    void deltaReplacesDefaultRow() {
        SnapshotLoader loader = new SnapshotLoader(root);
        Map<Long, float[]> items = new HashMap<>(rows(100, 110, 1));
        items.put(EmbeddingTable.DEFAULT_ROW_ID, constantRow(0.3f));
        loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 5, 2), items));

        loader.apply(writeRanker(root, 2, DELTA, 1, Map.of(), Map.of(EmbeddingTable.DEFAULT_ROW_ID, constantRow(-0.3f))));

        assertThat(loader.current().ranker().items().weights(999)).containsExactly(constantRow(-0.3f));
        assertThat(loader.current().ranker().items().size()).isEqualTo(10);
    }

    @Test
    void deltaDeletionsRemoveRows() throws Exception {
        SnapshotLoader loader = new SnapshotLoader(root);
        Map<Long, float[]> items = new HashMap<>(rows(100, 110, 1));
        items.put(EmbeddingTable.DEFAULT_ROW_ID, constantRow(0.3f));
        loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 5, 2), items));

        LoadOutcome outcome = loader.apply(writeDelta(2, 1, Map.of(100L, constantRow(0.5f)), Set.of(101L, 102L)));

        assertThat(outcome).isEqualTo(LoadOutcome.LOADED);
        EmbeddingRows loaded = loader.current().ranker().items();
        assertThat(loaded.hasRow(101)).isFalse();
        assertThat(loaded.hasRow(102)).isFalse();
        assertThat(loaded.weights(101)).containsExactly(constantRow(0.3f));
        assertThat(loaded.weights(100)).containsExactly(constantRow(0.5f));
        assertThat(loaded.size()).isEqualTo(8);
    }

    @Test
    void rebuildAppliesDeletions() throws Exception {
        writeRanker(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1));
        writeDelta(2, 1, Map.of(), Set.of(103L));
        SnapshotAnnouncement third = writeDelta(3, 2, Map.of(104L, constantRow(0.5f)), Set.of(105L));
        SnapshotLoader loader = new SnapshotLoader(root);

        assertThat(loader.apply(third)).isEqualTo(LoadOutcome.LOADED);

        EmbeddingRows loaded = loader.current().ranker().items();
        assertThat(loaded.hasRow(103)).isFalse();
        assertThat(loaded.hasRow(105)).isFalse();
        assertThat(loaded.weights(104)).containsExactly(constantRow(0.5f));
        assertThat(loaded.size()).isEqualTo(8);
    }

    @Test
    void deletionFileRoundTrips() throws Exception {
        writeDelta(2, 1, Map.of(), Set.of(7L, -3L, Long.MAX_VALUE));

        ModelSnapshot read = ModelSnapshot.readFrom(root.resolve("ranker").resolve(ModelSnapshot.directoryName(2)));

        assertThat(read.deletions()).containsOnlyKeys("items");
        assertThat(read.deletions().get("items")).containsExactlyInAnyOrder(7L, -3L, Long.MAX_VALUE);
    }

    @Test
    void fullSnapshotDeletingRejected() {
        SnapshotManifest manifest = TestSnapshots.manifest("ranker", 1, FULL, 1);

        assertThatThrownBy(() -> new ModelSnapshot(
                        manifest, TestSnapshots.rankerNetworks(), Map.of("items", Map.of()), Map.of("items", Set.of(1L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only a delta may delete rows");
    }

    @Test
    void deletingDefaultRowFails() throws Exception {
        SnapshotLoader loader = new SnapshotLoader(root);
        loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1)));

        LoadOutcome outcome = loader.apply(writeDelta(2, 1, Map.of(), Set.of(EmbeddingTable.DEFAULT_ROW_ID)));

        assertThat(outcome).isEqualTo(LoadOutcome.FAILED);
        assertThat(loader.current().ranker().version()).isEqualTo(1);
    }

    @Test
    void corruptNetworkKeepsPreviousVersion() {
        SnapshotLoader loader = new SnapshotLoader(root);
        loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1)));
        SnapshotAnnouncement corrupt = TestSnapshots.write(
                root, TestSnapshots.manifest("ranker", 2, FULL, 2), Map.of("ranker", new byte[] {1, 2, 3}),
                rows(1, 5, 2), rows(100, 110, 1));

        LoadOutcome outcome = loader.apply(corrupt);

        assertThat(outcome).isEqualTo(LoadOutcome.FAILED);
        assertThat(loader.current().ranker().version()).isEqualTo(1);
        assertThat(loader.failureCount()).isEqualTo(1);
    }

    @Test
    void truncatedTableKeepsPreviousVersion() throws Exception {
        SnapshotLoader loader = new SnapshotLoader(root);
        loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1)));
        SnapshotAnnouncement second = writeRanker(root, 2, FULL, 2, rows(1, 5, 3), rows(100, 110, 4));
        Path itemsFile = Path.of(second.path()).resolve("items.emb");
        byte[] bytes = Files.readAllBytes(itemsFile);
        Files.write(itemsFile, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(loader.apply(second)).isEqualTo(LoadOutcome.FAILED);
        assertThat(loader.current().ranker().version()).isEqualTo(1);
    }

    @Test
    void missingDirectoryKeepsPreviousVersion() {
        SnapshotLoader loader = new SnapshotLoader(root);
        loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1)));
        SnapshotAnnouncement missing = new SnapshotAnnouncement(
                "ranker", 2, FULL, 2, root.resolve("elsewhere").toString(), 5, 0);

        assertThat(loader.apply(missing)).isEqualTo(LoadOutcome.FAILED);
        assertThat(loader.current().ranker().version()).isEqualTo(1);
    }

    @Test
    void missingTableRejected() {
        SnapshotLoader loader = new SnapshotLoader(root);
        SnapshotManifest manifest = TestSnapshots.manifest("ranker", 1, FULL, 1);
        Path directory = root.resolve("ranker").resolve(ModelSnapshot.directoryName(1));
        try {
            Files.createDirectories(directory);
            new ModelSnapshot(manifest, TestSnapshots.rankerNetworks(), Map.of("users", rows(1, 3, 1)))
                    .writeTo(directory);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        assertThat(loader.apply(TestSnapshots.announcementOf(manifest, directory))).isEqualTo(LoadOutcome.FAILED);
        assertThat(loader.current().ranker()).isNull();
    }

    @Test
    void deltaChangingSettingsRejected() {
        SnapshotLoader loader = new SnapshotLoader(root);
        loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1)));
        Map<String, String> settings = new HashMap<>(TestSnapshots.settings());
        settings.put("embedding.seed", "43");
        SnapshotManifest manifest = new SnapshotManifest(
                "ranker", 2, DELTA, 1, -1, 0, 0, 0, TestSnapshots.DIMENSION, settings, Map.of());

        SnapshotAnnouncement delta = TestSnapshots.write(
                root, manifest, TestSnapshots.rankerNetworks(), Map.of(), Map.of());

        assertThat(loader.apply(delta)).isEqualTo(LoadOutcome.FAILED);
        assertThat(loader.current().ranker().version()).isEqualTo(1);
    }

    @Test
    void missedVersionRebuiltFromFull() {
        SnapshotLoader loader = new SnapshotLoader(root);
        loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1)));
        writeRanker(root, 2, DELTA, 1, Map.of(), Map.of(100L, constantRow(0.5f), 101L, constantRow(0.5f)));
        SnapshotAnnouncement third = writeRanker(root, 3, DELTA, 2, Map.of(1L, constantRow(0.1f)),
                Map.of(101L, constantRow(0.75f)));

        LoadOutcome outcome = loader.apply(third);

        assertThat(outcome).isEqualTo(LoadOutcome.LOADED);
        ServingRanker ranker = loader.current().ranker();
        assertThat(ranker.version()).isEqualTo(3);
        assertThat(ranker.items().weights(100)).containsExactly(constantRow(0.5f));
        assertThat(ranker.items().weights(101)).containsExactly(constantRow(0.75f));
        assertThat(ranker.users().weights(1)).containsExactly(constantRow(0.1f));
    }

    @Test
    void firstDeltaRebuiltFromNewestFull() {
        writeRanker(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1));
        writeRanker(root, 2, DELTA, 1, Map.of(), Map.of(100L, constantRow(0.5f)));
        writeRanker(root, 3, FULL, 3, rows(1, 5, 2), rows(100, 110, 7));
        SnapshotAnnouncement fourth = writeRanker(root, 4, DELTA, 3, Map.of(), Map.of(102L, constantRow(0.25f)));
        SnapshotLoader loader = new SnapshotLoader(root);

        LoadOutcome outcome = loader.apply(fourth);

        assertThat(outcome).isEqualTo(LoadOutcome.LOADED);
        ServingRanker ranker = loader.current().ranker();
        assertThat(ranker.version()).isEqualTo(4);
        assertThat(ranker.items().weights(100)).containsExactly(rows(100, 110, 7).get(100L));
        assertThat(ranker.items().weights(102)).containsExactly(constantRow(0.25f));
    }

    @Test
    void rebuildWithoutFullFails() {
        SnapshotAnnouncement delta = writeRanker(root, 2, DELTA, 1, Map.of(), Map.of(100L, constantRow(0.5f)));
        SnapshotLoader loader = new SnapshotLoader(root);

        assertThat(loader.apply(delta)).isEqualTo(LoadOutcome.FAILED);
        assertThat(loader.current()).isEqualTo(ModelSet.EMPTY);
    }

    @Test
    void rebuildWithGapFails() {
        SnapshotLoader loader = new SnapshotLoader(root);
        loader.apply(writeRanker(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1)));
        SnapshotAnnouncement third = writeRanker(root, 3, DELTA, 2, Map.of(), Map.of(100L, constantRow(0.5f)));

        assertThat(loader.apply(third)).isEqualTo(LoadOutcome.FAILED);
        assertThat(loader.current().ranker().version()).isEqualTo(1);
    }

    @Test
    void staleAndUnknownAnnouncementsIgnored() {
        SnapshotLoader loader = new SnapshotLoader(root);
        SnapshotAnnouncement first = writeRanker(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1));
        loader.apply(first);

        assertThat(loader.apply(first)).isEqualTo(LoadOutcome.ALREADY_LOADED);
        assertThat(loader.apply(new SnapshotAnnouncement("retrieval", 1, FULL, 1, first.path(), 1, 0)))
                .isEqualTo(LoadOutcome.UNKNOWN_MODEL);
        assertThat(loader.apply("{not json")).isEqualTo(LoadOutcome.FAILED);
        assertThat(loader.apply("{\"model\":\"ranker\"}")).isEqualTo(LoadOutcome.FAILED);
        assertThat(loader.loadedCount("ranker")).isEqualTo(1);
        assertThat(loader.failureCount()).isEqualTo(2);
    }

    @Test
    void announcementJsonLoads() {
        SnapshotLoader loader = new SnapshotLoader(root);
        SnapshotAnnouncement first = writePrerank(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1));

        assertThat(loader.apply(first.toJson())).isEqualTo(LoadOutcome.LOADED);
        assertThat(loader.current().prerank().version()).isEqualTo(1);
    }

    @Test
    void missingPathFallsBackToRoot() {
        SnapshotLoader loader = new SnapshotLoader(root);
        SnapshotAnnouncement written = writePrerank(root, 1, FULL, 1, rows(1, 5, 2), rows(100, 110, 1));
        SnapshotAnnouncement elsewhere = new SnapshotAnnouncement(
                "prerank", 1, FULL, 1, "/mnt/other-host/prerank/v0000000001", 1, 0);

        assertThat(loader.apply(elsewhere)).isEqualTo(LoadOutcome.LOADED);
        assertThat(loader.current().prerank().contents().directory()).isEqualTo(Path.of(written.path()));
    }

    @Test
    void bothModelsServeTogether() {
        SnapshotLoader loader = new SnapshotLoader(root);
        List<String> notified = new ArrayList<>();
        loader.addLoadListener(model -> notified.add(model.name() + "@" + model.version()));

        loader.apply(writePrerank(root, 3, FULL, 3, rows(1, 5, 2), rows(100, 110, 1)));
        loader.apply(writeRanker(root, 5, FULL, 5, rows(1, 5, 2), rows(100, 110, 1)));

        ModelSet models = loader.current();
        assertThat(models.isComplete()).isTrue();
        assertThat(models.versions()).containsExactly(Map.entry("prerank", 3L), Map.entry("ranker", 5L));
        assertThat(models.prerank().contents().features()).isEqualTo(io.streamrank.features.state.FeatureOptions.DEFAULTS);
        assertThat(notified).containsExactly("prerank@3", "ranker@5");
    }

    /** Writes a ranker delta whose item table writes {@code items} and deletes {@code deleted}. */
    private SnapshotAnnouncement writeDelta(long version, long base, Map<Long, float[]> items, Set<Long> deleted)
            throws java.io.IOException {
        SnapshotManifest manifest = TestSnapshots.manifest("ranker", version, DELTA, base);
        Path directory = root.resolve("ranker").resolve(ModelSnapshot.directoryName(version));
        Files.createDirectories(directory);
        new ModelSnapshot(
                        manifest,
                        TestSnapshots.rankerNetworks(),
                        Map.of("users", Map.of(), "items", items),
                        Map.of("items", deleted))
                .writeTo(directory);
        return TestSnapshots.announcementOf(manifest, directory);
    }
}
