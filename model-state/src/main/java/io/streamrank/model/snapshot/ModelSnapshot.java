package io.streamrank.model.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.streamrank.model.embedding.EmbeddingTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files of one snapshot: a manifest, DL4J networks by name and embedding tables by name.
 *
 * <p>On disk a snapshot is a directory holding {@code manifest.json}, {@code <network>.dl4j.zip}
 * per network, {@code <table>.emb} per table ({@link EmbeddingFile}) and, in a delta,
 * {@code <table>.deleted} per table that deletes rows ({@link DeletionFile}). A full snapshot's
 * tables contain every row. A delta's tables contain only the rows changed since its base
 * version. Its deletion files list the ids whose rows were deleted (expired) since then and not
 * created again. The networks of every snapshot are complete.
 *
 * <p>Each table's shared default row, which the trainer uses for every id without a row of its
 * own, is stored as the row of the reserved id {@link EmbeddingTable#DEFAULT_ROW_ID}
 * ({@code Long.MIN_VALUE}). A full snapshot always contains it; a delta contains it when it
 * changed.
 *
 * @param manifest provenance and version
 * @param networks DL4J model files by network name, as bytes
 * @param tables embedding weights by table name, then by id
 * @param deletions by table name, the ids whose rows a delta deletes; empty in a full snapshot
 */
public record ModelSnapshot(
        SnapshotManifest manifest,
        Map<String, byte[]> networks,
        Map<String, Map<Long, float[]>> tables,
        Map<String, Set<Long>> deletions) {

    public static final String MANIFEST = "manifest.json";
    private static final String NETWORK_SUFFIX = ".dl4j.zip";
    private static final String TABLE_SUFFIX = ".emb";
    private static final String DELETION_SUFFIX = ".deleted";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @throws IllegalArgumentException when a full snapshot deletes rows, or a delta both writes
     *     and deletes the row of one id
     */
    public ModelSnapshot {
        deletions = deletions == null ? Map.of() : deletions;
        for (Map.Entry<String, Set<Long>> table : deletions.entrySet()) {
            if (table.getValue().isEmpty()) {
                continue;
            }
            if (manifest.kind() == SnapshotManifest.Kind.FULL) {
                throw new IllegalArgumentException("full snapshot version " + manifest.version() + " deletes "
                        + table.getValue().size() + " rows of table '" + table.getKey()
                        + "'; only a delta may delete rows");
            }
            Map<Long, float[]> rows = tables.getOrDefault(table.getKey(), Map.of());
            for (Long id : table.getValue()) {
                if (rows.containsKey(id)) {
                    throw new IllegalArgumentException("delta version " + manifest.version() + " both writes and"
                            + " deletes row " + id + " of table '" + table.getKey() + "'; expected one or the other");
                }
            }
        }
    }

    /** Creates a snapshot that deletes no rows. */
    public ModelSnapshot(
            SnapshotManifest manifest, Map<String, byte[]> networks, Map<String, Map<Long, float[]>> tables) {
        this(manifest, networks, tables, Map.of());
    }

    /** Writes the snapshot's files into {@code directory}, which must exist and be empty. */
    public void writeTo(Path directory) throws IOException {
        for (Map.Entry<String, byte[]> network : networks.entrySet()) {
            Files.write(directory.resolve(network.getKey() + NETWORK_SUFFIX), network.getValue());
        }
        for (Map.Entry<String, Map<Long, float[]>> table : tables.entrySet()) {
            EmbeddingFile.write(
                    directory.resolve(table.getKey() + TABLE_SUFFIX), manifest.embeddingDimension(), table.getValue());
        }
        for (Map.Entry<String, Set<Long>> table : deletions.entrySet()) {
            if (!table.getValue().isEmpty()) {
                DeletionFile.write(directory.resolve(table.getKey() + DELETION_SUFFIX), table.getValue());
            }
        }
        writeManifest(directory, manifest);
    }

    /** Writes {@code manifest.json}, replacing an earlier one. */
    public static void writeManifest(Path directory, SnapshotManifest manifest) throws IOException {
        Path temporary = directory.resolve(MANIFEST + ".tmp");
        MAPPER.writeValue(temporary.toFile(), manifest);
        Files.move(temporary, directory.resolve(MANIFEST), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static SnapshotManifest readManifest(Path directory) throws IOException {
        Path file = directory.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IOException("snapshot directory " + directory + " has no " + MANIFEST);
        }
        return MAPPER.readValue(file.toFile(), SnapshotManifest.class);
    }

    /** Reads every file of the snapshot in {@code directory}. */
    public static ModelSnapshot readFrom(Path directory) throws IOException {
        SnapshotManifest manifest = readManifest(directory);
        Map<String, byte[]> networks = new TreeMap<>();
        Map<String, Map<Long, float[]>> tables = new TreeMap<>();
        Map<String, Set<Long>> deletions = new TreeMap<>();
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(NETWORK_SUFFIX)) {
                    networks.put(name.substring(0, name.length() - NETWORK_SUFFIX.length()), Files.readAllBytes(file));
                } else if (name.endsWith(TABLE_SUFFIX)) {
                    tables.put(name.substring(0, name.length() - TABLE_SUFFIX.length()), EmbeddingFile.read(file));
                } else if (name.endsWith(DELETION_SUFFIX)) {
                    deletions.put(name.substring(0, name.length() - DELETION_SUFFIX.length()), DeletionFile.read(file));
                }
            }
        }
        return new ModelSnapshot(manifest, networks, tables, deletions);
    }

    /** Name of the directory of {@code version}, zero-padded so that names sort by version. */
    public static String directoryName(long version) {
        return String.format(java.util.Locale.ROOT, "v%010d", version);
    }
}
