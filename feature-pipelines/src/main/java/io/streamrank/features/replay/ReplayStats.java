package io.streamrank.features.replay;

import io.streamrank.features.event.EventType;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Counts of one replay. Row counts, users, items and the time range are final once the replay is
 * open. Event counts cover the events returned so far and are final when {@code complete} is true.
 *
 * @param dataset the replayed dataset
 * @param options the settings of the replay
 * @param rowsRead valid rows of the interaction file, before the row limit
 * @param rowsSkipped invalid lines of all files read, which became no events
 * @param skippedRowReasons the first few skipped lines as {@code file:line: reason}, in reading order
 * @param rowsReplayed rows that become events, after the row limit
 * @param eventsByType number of events returned so far, for every event type in declaration order
 * @param sampledImpressions number of sampled impressions returned so far
 * @param users distinct users in the replayed rows
 * @param items distinct items in the replayed rows
 * @param firstEventTime earliest event time in epoch milliseconds, empty when no row is replayed
 * @param lastEventTime latest event time in epoch milliseconds, empty when no row is replayed
 * @param complete true once every event of the replay has been returned
 */
public record ReplayStats(
        Dataset dataset,
        ReplayOptions options,
        long rowsRead,
        long rowsSkipped,
        List<String> skippedRowReasons,
        long rowsReplayed,
        Map<EventType, Long> eventsByType,
        long sampledImpressions,
        long users,
        long items,
        OptionalLong firstEventTime,
        OptionalLong lastEventTime,
        boolean complete) {

    public ReplayStats {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(firstEventTime, "firstEventTime");
        Objects.requireNonNull(lastEventTime, "lastEventTime");
        skippedRowReasons = List.copyOf(skippedRowReasons);

        Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            counts.put(type, eventsByType.getOrDefault(type, 0L));
        }
        eventsByType = Collections.unmodifiableMap(counts);
    }

    /** Returns the number of events of {@code type} returned so far. */
    public long events(EventType type) {
        return eventsByType.get(type);
    }

    /** Returns the number of events of all types returned so far. */
    public long totalEvents() {
        return eventsByType.values().stream().mapToLong(Long::longValue).sum();
    }
}
