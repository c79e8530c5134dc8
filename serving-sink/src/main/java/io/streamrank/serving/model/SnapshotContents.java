package io.streamrank.serving.model;

import io.streamrank.features.state.FeatureOptions;
import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.snapshot.ModelSnapshot;
import io.streamrank.model.snapshot.SnapshotManifest;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The complete state of one version of a model: the networks of its newest snapshot and every
 * embedding row, with deltas applied. Immutable.
 *
 * @param manifest the manifest of the snapshot that produced this version
 * @param directory where that snapshot was read from
 * @param embedding the embedding settings, from the manifest's settings
 * @param features the feature settings, from the manifest's settings, which serving must use to
 *     turn feature values into model inputs exactly as the trainer did
 * @param networks DL4J model files by network name, as bytes, parsed by the served model
 * @param tables embedding tables by name
 */
public record SnapshotContents(
        SnapshotManifest manifest,
        Path directory,
        EmbeddingOptions embedding,
        FeatureOptions features,
        Map<String, byte[]> networks,
        Map<String, EmbeddingRows> tables) {

    public SnapshotContents {
        networks = Map.copyOf(networks);
        tables = Map.copyOf(tables);
    }

    public String model() {
        return manifest.model();
    }

    public long version() {
        return manifest.version();
    }

    /**
     * Builds a version from a full snapshot.
     *
     * @throws IllegalArgumentException naming the problem when a required network or table is
     *     missing, a setting is invalid or a row is invalid
     */
    static SnapshotContents full(
            ModelSnapshot snapshot, Path directory, Collection<String> requiredNetworks, Collection<String> requiredTables) {
        SnapshotManifest manifest = snapshot.manifest();
        EmbeddingOptions embedding = embeddingOptions(manifest);
        FeatureOptions features = FeatureOptions.fromSettings(settingsOf(manifest));
        requireEntries("network", snapshot.networks(), requiredNetworks);
        requireEntries("table", snapshot.tables(), requiredTables);

        Map<String, EmbeddingRows> tables = new TreeMap<>();
        for (String table : requiredTables) {
            tables.put(table, EmbeddingRows.of(table, snapshot.tables().get(table), embedding));
        }
        return new SnapshotContents(manifest, directory, embedding, features, snapshot.networks(), tables);
    }

    /**
     * Returns the version that {@code delta} produces on top of this one: the delta's networks and
     * settings, and these rows with the delta's rows replacing or adding to them and its deleted
     * rows removed.
     *
     * @throws IllegalArgumentException when the delta changes the embedding settings, lacks a
     *     required network or table, or has an invalid row
     */
    SnapshotContents withDelta(
            ModelSnapshot delta, Path deltaDirectory, Collection<String> requiredNetworks, Collection<String> requiredTables) {
        SnapshotManifest deltaManifest = delta.manifest();
        EmbeddingOptions deltaEmbedding = embeddingOptions(deltaManifest);
        if (!deltaEmbedding.equals(embedding)) {
            throw new IllegalArgumentException(
                    "delta version " + deltaManifest.version() + " has embedding settings " + deltaEmbedding
                            + " but its base version " + version() + " has " + embedding
                            + "; a change of embedding settings needs a full snapshot");
        }
        requireEntries("network", delta.networks(), requiredNetworks);
        requireEntries("table", delta.tables(), requiredTables);

        Map<String, EmbeddingRows> merged = new TreeMap<>();
        for (String table : requiredTables) {
            merged.put(table, tables.get(table).withChanges(
                    delta.tables().get(table), delta.deletions().getOrDefault(table, Set.of())));
        }
        return new SnapshotContents(
                deltaManifest,
                deltaDirectory,
                embedding,
                FeatureOptions.fromSettings(settingsOf(deltaManifest)),
                delta.networks(),
                merged);
    }

    /** Returns the rows of {@code table}, which the constructor of the served model has required. */
    public EmbeddingRows table(String table) {
        return tables.get(table);
    }

    private static EmbeddingOptions embeddingOptions(SnapshotManifest manifest) {
        EmbeddingOptions embedding = EmbeddingOptions.fromSettings(settingsOf(manifest));
        if (manifest.embeddingDimension() != embedding.dimension()) {
            throw new IllegalArgumentException(
                    "manifest has embeddingDimension " + manifest.embeddingDimension()
                            + " but the setting embedding.dimension is " + embedding.dimension());
        }
        return embedding;
    }

    /** Returns the manifest's settings, or no settings when the manifest has none. */
    static Map<String, String> settingsOf(SnapshotManifest manifest) {
        return manifest.settings() == null ? Map.of() : manifest.settings();
    }

    private static void requireEntries(String kind, Map<String, ?> present, Collection<String> required) {
        for (String name : required) {
            if (!present.containsKey(name)) {
                throw new IllegalArgumentException(
                        "snapshot has no " + kind + " '" + name + "'; expected " + kind + "s " + required
                                + ", found " + new TreeMap<>(present).keySet());
            }
        }
    }
}
