package io.streamrank.serving.model;

import io.streamrank.features.state.FeatureOptions;
import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.snapshot.ModelSnapshot;
import io.streamrank.model.snapshot.SnapshotManifest;
import io.streamrank.serving.sink.SnapshotAnnouncement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads the model snapshots named by announcements on the snapshots topic and swaps each new
 * version in.
 *
 * <p>A full snapshot is loaded on its own. A delta is applied to the serving version when that
 * version is at least the delta's base version and older than the delta. Then every row changed
 * since the base is in the delta, every row deleted since then (expired in the trainer) is in its
 * deletion files, and the other rows are the same in both. Otherwise a version
 * is missing, and the loader rebuilds the announced version from the newest full snapshot at or
 * below it in {@code <root>/<model>/} and the deltas after that one. The announced directory is
 * read from the announcement's path, or from the same layout under the root when that path does
 * not exist on this machine.
 *
 * <p>The new version replaces the old one in a single {@link AtomicReference} swap of the
 * {@link ModelSet}. Requests in flight keep the set they read. A snapshot that is missing,
 * corrupt or inconsistent is logged with its path and counted, and the previous version keeps
 * serving.
 *
 * <p>{@link #apply} is synchronized, and {@link #current} may be called from any thread.
 */
public final class SnapshotLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotLoader.class);
    private static final Pattern VERSION_DIRECTORY = Pattern.compile("v\\d{10}");

    private final Path root;
    private final AtomicReference<ModelSet> current = new AtomicReference<>(ModelSet.EMPTY);
    private final List<Consumer<ServingModel>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder> loadedCounts = new ConcurrentHashMap<>();
    private final LongAdder failureCount = new LongAdder();

    /** Creates a loader of the snapshots published under {@code root}, with no model loaded. */
    public SnapshotLoader(Path root) {
        this.root = root;
    }

    /** Returns the versions that serve requests now. */
    public ModelSet current() {
        return current.get();
    }

    /** Registers {@code listener} to be called, on the loading thread, after each new version is swapped in. */
    public void addLoadListener(Consumer<ServingModel> listener) {
        listeners.add(listener);
    }

    /** Number of versions of {@code model} loaded since start. */
    public long loadedCount(String model) {
        LongAdder count = loadedCounts.get(model);
        return count == null ? 0 : count.sum();
    }

    /** Number of announcements skipped because they or their snapshots were invalid. */
    public long failureCount() {
        return failureCount.sum();
    }

    /** Parses an announcement in the JSON form of {@link SnapshotAnnouncement#toJson} and applies it. */
    public LoadOutcome apply(String announcementJson) {
        SnapshotAnnouncement announcement;
        try {
            announcement = SnapshotAnnouncement.parse(announcementJson);
        } catch (IllegalArgumentException e) {
            failureCount.increment();
            LOG.warn("Skipped an invalid snapshot announcement: {}", e.getMessage());
            return LoadOutcome.FAILED;
        }
        return apply(announcement);
    }

    /** Loads the announced version, unless a version at least as new is already serving. */
    public synchronized LoadOutcome apply(SnapshotAnnouncement announcement) {
        ModelKind kind = ModelKind.named(announcement.model());
        if (kind == null) {
            LOG.warn("Ignored snapshot announcement of unknown model '{}' version {}; expected one of {}",
                    announcement.model(), announcement.version(), ModelKind.names());
            return LoadOutcome.UNKNOWN_MODEL;
        }
        ServingModel serving = current.get().get(announcement.model());
        if (serving != null && announcement.version() <= serving.version()) {
            LOG.debug("Skipped {} version {}: version {} is already serving",
                    announcement.model(), announcement.version(), serving.version());
            return LoadOutcome.ALREADY_LOADED;
        }

        Path directory = directoryOf(announcement);
        long started = System.nanoTime();
        ServingModel model;
        try {
            SnapshotContents contents = contentsFor(kind, announcement, directory, serving);
            warnAboutMissingSettings(contents);
            model = kind.build(contents);
        } catch (IOException | IllegalArgumentException e) {
            // Unreadable or inconsistent files. The message and the path describe the problem.
            return failed(announcement, directory, serving, e, false);
        } catch (RuntimeException e) {
            // Failures inside DL4J and other unexpected errors. The stack trace shows where.
            return failed(announcement, directory, serving, e, true);
        }

        current.updateAndGet(set -> set.with(model));
        loadedCounts.computeIfAbsent(model.name(), name -> new LongAdder()).increment();
        SnapshotContents contents = model.contents();
        LOG.info("Serving {} version {} ({} snapshot in {}, {} user rows, {} item rows), loaded in {} ms",
                model.name(), model.version(), contents.manifest().kind(), contents.directory(),
                contents.table("users").size(), contents.table("items").size(),
                (System.nanoTime() - started) / 1_000_000);
        notifyListeners(model);
        return LoadOutcome.LOADED;
    }

    private LoadOutcome failed(
            SnapshotAnnouncement announcement, Path directory, ServingModel serving, Exception e, boolean withTrace) {
        failureCount.increment();
        Object servingVersion = serving == null ? "none" : serving.version();
        String reason = reasonOf(e);
        String format = "Skipped {} snapshot version {} in {}, so the serving version stays {}: {}";
        if (withTrace) {
            LOG.warn(format, announcement.model(), announcement.version(), directory, servingVersion, reason, e);
        } else {
            LOG.warn(format, announcement.model(), announcement.version(), directory, servingVersion, reason);
        }
        return LoadOutcome.FAILED;
    }

    private static String reasonOf(Exception e) {
        if (e instanceof EOFException) {
            return "a snapshot file ends before its declared length (EOFException)";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private SnapshotContents contentsFor(
            ModelKind kind, SnapshotAnnouncement announcement, Path directory, ServingModel serving)
            throws IOException {
        ModelSnapshot snapshot = read(directory, announcement.model(), announcement.version());
        SnapshotManifest manifest = snapshot.manifest();
        if (manifest.kind() == SnapshotManifest.Kind.FULL) {
            return SnapshotContents.full(snapshot, directory, kind.networks, kind.tables);
        }
        if (serving != null && serving.version() >= manifest.baseVersion()) {
            return serving.contents().withDelta(snapshot, directory, kind.networks, kind.tables);
        }
        LOG.info("{} version {} is a delta on version {}, but the serving version is {}; "
                        + "rebuilding it from the snapshots in {}",
                announcement.model(), announcement.version(), manifest.baseVersion(),
                serving == null ? "none" : serving.version(), modelDirectory(announcement.model()));
        return rebuild(kind, snapshot, directory);
    }

    /**
     * Rebuilds the version of {@code target} from the newest full snapshot at or below it and
     * every delta published after that one.
     */
    private SnapshotContents rebuild(ModelKind kind, ModelSnapshot target, Path targetDirectory) throws IOException {
        String model = target.manifest().model();
        long targetVersion = target.manifest().version();
        NavigableMap<Long, Path> versions = publishedVersions(model, targetVersion);
        versions.put(targetVersion, targetDirectory);

        Long fullVersion = null;
        for (Map.Entry<Long, Path> entry : versions.descendingMap().entrySet()) {
            if (isFull(entry.getValue())) {
                fullVersion = entry.getKey();
                break;
            }
        }
        if (fullVersion == null) {
            throw new IOException("found no readable full snapshot of " + model + " at or below version "
                    + targetVersion + " in " + modelDirectory(model) + " to rebuild the delta on");
        }

        SnapshotContents contents = null;
        for (Map.Entry<Long, Path> entry : versions.tailMap(fullVersion, true).entrySet()) {
            long version = entry.getKey();
            Path directory = entry.getValue();
            ModelSnapshot snapshot = version == targetVersion ? target : read(directory, model, version);
            SnapshotManifest manifest = snapshot.manifest();
            if (manifest.kind() == SnapshotManifest.Kind.FULL) {
                contents = SnapshotContents.full(snapshot, directory, kind.networks, kind.tables);
            } else if (contents != null && manifest.baseVersion() <= contents.version()) {
                contents = contents.withDelta(snapshot, directory, kind.networks, kind.tables);
            } else {
                throw new IOException("delta " + directory + " applies to version " + manifest.baseVersion()
                        + ", but the rebuild reached only version " + (contents == null ? "none" : contents.version())
                        + ": the versions between them are missing from " + modelDirectory(model));
            }
        }
        return contents;
    }

    /** Returns the published version directories of {@code model} up to {@code maxVersion}, by version. */
    private NavigableMap<Long, Path> publishedVersions(String model, long maxVersion) throws IOException {
        NavigableMap<Long, Path> versions = new TreeMap<>();
        Path directory = modelDirectory(model);
        if (!Files.isDirectory(directory)) {
            return versions;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (VERSION_DIRECTORY.matcher(name).matches()) {
                    long version = Long.parseLong(name.substring(1));
                    if (version <= maxVersion) {
                        versions.put(version, entry);
                    }
                }
            }
        }
        return versions;
    }

    private static boolean isFull(Path directory) {
        try {
            SnapshotManifest manifest = ModelSnapshot.readManifest(directory);
            return manifest.kind() == SnapshotManifest.Kind.FULL;
        } catch (IOException e) {
            LOG.debug("Cannot read the manifest in {}: {}", directory, e.getMessage());
            return false;
        }
    }

    /** Reads the snapshot in {@code directory} and checks that it is {@code model} at {@code version}. */
    private static ModelSnapshot read(Path directory, String model, long version) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("snapshot directory " + directory + " does not exist");
        }
        ModelSnapshot snapshot = ModelSnapshot.readFrom(directory);
        SnapshotManifest manifest = snapshot.manifest();
        if (!model.equals(manifest.model()) || manifest.version() != version) {
            throw new IOException("snapshot directory " + directory + " contains " + manifest.model() + " version "
                    + manifest.version() + "; expected " + model + " version " + version);
        }
        if (manifest.kind() == null) {
            throw new IOException("manifest in " + directory + " has no kind; expected FULL or DELTA");
        }
        return snapshot;
    }

    private Path directoryOf(SnapshotAnnouncement announcement) {
        Path announced = Path.of(announcement.path());
        if (Files.isDirectory(announced)) {
            return announced;
        }
        return modelDirectory(announcement.model()).resolve(ModelSnapshot.directoryName(announcement.version()));
    }

    private Path modelDirectory(String model) {
        return root.resolve(model);
    }

    private static void warnAboutMissingSettings(SnapshotContents contents) {
        Map<String, String> settings = SnapshotContents.settingsOf(contents.manifest());
        List<String> missing = new ArrayList<>();
        for (String key : EmbeddingOptions.DEFAULTS.toSettings().keySet()) {
            if (!settings.containsKey(key)) {
                missing.add(key);
            }
        }
        for (String key : FeatureOptions.DEFAULTS.toSettings().keySet()) {
            if (!settings.containsKey(key)) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            LOG.warn("{} snapshot version {} has no settings {}; serving uses their defaults, "
                            + "which differ from training if the trainer used other values",
                    contents.model(), contents.version(), missing);
        }
    }

    private void notifyListeners(ServingModel model) {
        for (Consumer<ServingModel> listener : listeners) {
            try {
                listener.accept(model);
            } catch (RuntimeException e) {
                LOG.error("Snapshot load listener failed after {} version {} was loaded",
                        model.name(), model.version(), e);
            }
        }
    }

    /** The models this process serves, with the networks and tables each snapshot must have. */
    private enum ModelKind {
        PRERANK(ServingPrerank.NAME, ServingPrerank.NETWORKS, ServingPrerank.TABLES) {
            @Override
            ServingModel build(SnapshotContents contents) throws IOException {
                return new ServingPrerank(contents);
            }
        },
        RANKER(ServingRanker.NAME, ServingRanker.NETWORKS, ServingRanker.TABLES) {
            @Override
            ServingModel build(SnapshotContents contents) throws IOException {
                return new ServingRanker(contents);
            }
        };

        final String modelName;
        final List<String> networks;
        final List<String> tables;

        ModelKind(String modelName, List<String> networks, List<String> tables) {
            this.modelName = modelName;
            this.networks = networks;
            this.tables = tables;
        }

        abstract ServingModel build(SnapshotContents contents) throws IOException;

        static ModelKind named(String name) {
            for (ModelKind kind : values()) {
                if (kind.modelName.equals(name)) {
                    return kind;
                }
            }
            return null;
        }

        static List<String> names() {
            return Stream.of(values()).map(kind -> kind.modelName).toList();
        }
    }
}
