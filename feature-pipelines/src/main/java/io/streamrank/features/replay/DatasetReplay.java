package io.streamrank.features.replay;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Turns a public dataset into the events of the events topic, in event-time order.
 *
 * <p>{@link #open} reads and validates the whole interaction file, then sorts its rows by time.
 * The sort is stable, so rows with the same timestamp keep their file order. Iteration then
 * expands one row at a time into its engagement events. Before each click it emits up to
 * {@link ReplayOptions#negativesPerClick()} impressions with {@code sampled=true}, because these
 * datasets log no impressions. Their items are drawn by popularity among the engagements so
 * far, skipping items that the user has engaged with ({@code ImpressionSampler} has the details).
 * The impressions of one click share the request id {@code "req-" + clickEventId}, carry the
 * click's time, and have positions 0 to n-1.
 *
 * <p>Event ids are {@code dataset:line:type} for engagements and {@code dataset:line:impression:position}
 * for sampled impressions, where {@code line} is the one-based line number in the interaction
 * file. Replaying the same files twice therefore gives the same ids, so a consumer that
 * deduplicates by id drops a repeated replay. Replays with another seed or another number of
 * negatives reuse the same impression ids for other items, and a deduplicating consumer keeps
 * the first.
 *
 * <p>Instances are not thread-safe and can be iterated once.
 */
public final class DatasetReplay implements Iterator<Event> {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetReplay.class);

    private final Dataset dataset;
    private final ReplayOptions options;
    private final List<SourceRow> rows;
    private final long rowsRead;
    private final SkippedRows skippedRows;
    private final long users;
    private final long items;

    private final ImpressionSampler sampler;
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private final long[] eventCounts = new long[EventType.values().length];
    private long sampledImpressions;
    private int nextRow;

    private DatasetReplay(
            Dataset dataset, ReplayOptions options, List<SourceRow> rows, long rowsRead, SkippedRows skippedRows) {
        this.dataset = dataset;
        this.options = options;
        this.rows = rows;
        this.rowsRead = rowsRead;
        this.skippedRows = skippedRows;
        this.sampler = new ImpressionSampler(options.seed());

        Set<Long> distinctUsers = new HashSet<>();
        Set<Long> distinctItems = new HashSet<>();
        for (SourceRow row : rows) {
            distinctUsers.add(row.userId());
            distinctItems.add(row.itemId());
        }
        this.users = distinctUsers.size();
        this.items = distinctItems.size();
    }

    /**
     * Reads the dataset in {@code directory} and returns a replay positioned before its first event.
     *
     * <p>Invalid lines are logged, counted in {@link #stats()} and skipped.
     *
     * @throws java.nio.file.NoSuchFileException when the directory or one of the dataset's files
     *     does not exist, with a message that names the path and the expected files
     * @throws java.nio.file.FileSystemException when the directory is not a directory or a file is
     *     not a regular file
     * @throws IOException when a file cannot be read
     */
    public static DatasetReplay open(Dataset dataset, Path directory, ReplayOptions options) throws IOException {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        long startNanos = System.nanoTime();

        // NOTE: every valid row stays in memory for the sort, and the sampler keeps every
        // engagement. On the public extracts that measured about 180 bytes of heap per row in
        // total, so the full Taobao file of about 100 million rows would need about 18 GB.
        SkippedRows skippedRows = new SkippedRows();
        List<SourceRow> rows = switch (dataset) {
            case MOVIELENS_100K -> MovieLensReader.read(directory, skippedRows);
            case TAOBAO -> TaobaoReader.read(directory, skippedRows);
        };
        skippedRows.logTotal(dataset);
        long rowsRead = rows.size();

        // List.sort is a stable merge sort, so rows with equal times keep their file order.
        rows.sort(Comparator.comparingLong(SourceRow::eventTime));
        if (options.rowLimit().isPresent() && options.rowLimit().getAsLong() < rows.size()) {
            rows = rows.subList(0, (int) options.rowLimit().getAsLong());
        }

        DatasetReplay replay = new DatasetReplay(dataset, options, rows, rowsRead, skippedRows);
        LOG.info("Opened replay of {} from {} in {} ms: {} rows read, {} skipped, {} replayed, {}",
                dataset.cliName(), directory, (System.nanoTime() - startNanos) / 1_000_000,
                rowsRead, skippedRows.count(), rows.size(), options);
        return replay;
    }

    @Override
    public boolean hasNext() {
        // Every row yields at least one event.
        return !pending.isEmpty() || nextRow < rows.size();
    }

    @Override
    public Event next() {
        if (!hasNext()) {
            throw new NoSuchElementException("replay of " + dataset.cliName() + " has no more events");
        }
        if (pending.isEmpty()) {
            expand(rows.get(nextRow++));
        }

        Event event = pending.poll();
        eventCounts[event.type().ordinal()]++;
        if (event.sampled()) {
            sampledImpressions++;
        }
        if (!hasNext()) {
            LOG.info("Finished replay of {}: {} events, {} of them sampled impressions",
                    dataset.cliName(), totalEvents(), sampledImpressions);
        }
        return event;
    }

    /** Returns the remaining events as a sequential stream that consumes this replay. */
    public Stream<Event> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Returns the counts so far; event counts are final once {@link #hasNext()} is false. */
    public ReplayStats stats() {
        Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            byType.put(type, eventCounts[type.ordinal()]);
        }
        OptionalLong first = rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(rows.get(0).eventTime());
        OptionalLong last =
                rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(rows.get(rows.size() - 1).eventTime());
        return new ReplayStats(
                dataset,
                options,
                rowsRead,
                skippedRows.count(),
                skippedRows.firstReasons(),
                rows.size(),
                byType,
                sampledImpressions,
                users,
                items,
                first,
                last,
                !hasNext());
    }

    private void expand(SourceRow row) {
        for (EventType type : row.action().eventTypes()) {
            String eventId = dataset.cliName() + ":" + row.lineNumber() + ":" + type.wireName();
            if (type == EventType.CLICK) {
                addSampledImpressions(row, eventId);
            }
            pending.add(Event.engagement(eventId, type, row.userId(), row.itemId(), row.categoryId(), row.eventTime()));
            sampler.recordEngagement(row.userId(), row.itemId(), row.categoryId());
        }
    }

    private void addSampledImpressions(SourceRow click, String clickEventId) {
        long[] sampledItems = sampler.sample(click.userId(), click.itemId(), options.negativesPerClick());
        String requestId = "req-" + clickEventId;
        String idPrefix = dataset.cliName() + ":" + click.lineNumber() + ":" + EventType.IMPRESSION.wireName() + ":";

        for (int position = 0; position < sampledItems.length; position++) {
            long itemId = sampledItems[position];
            pending.add(Event.impression(
                    idPrefix + position,
                    click.userId(),
                    itemId,
                    sampler.lastKnownCategory(itemId),
                    click.eventTime(),
                    requestId,
                    position,
                    true));
        }
    }

    private long totalEvents() {
        long total = 0;
        for (long count : eventCounts) {
            total += count;
        }
        return total;
    }
}
