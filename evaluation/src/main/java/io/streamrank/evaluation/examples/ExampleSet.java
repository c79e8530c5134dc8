package io.streamrank.evaluation.examples;

import io.streamrank.features.replay.ReplayStats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The examples of one replay in learning order: sorted by {@link LearningOrder#key}, then by event
 * time, then by event id, so that two runs on the same data learn in the same order.
 */
public final class ExampleSet {

    private final List<LabeledExample> examples;
    private final LearningOrder order;
    private final ReplayStats replayStats;

    private ExampleSet(List<LabeledExample> examples, LearningOrder order, ReplayStats replayStats) {
        this.examples = examples;
        this.order = order;
        this.replayStats = replayStats;
    }

    /** Sorts a copy of {@code examples} into {@code order}. */
    public static ExampleSet of(List<LabeledExample> examples, LearningOrder order, ReplayStats replayStats) {
        Objects.requireNonNull(order, "order");
        List<LabeledExample> sorted = new ArrayList<>(examples);
        sorted.sort(Comparator.comparingLong(order::key)
                .thenComparingLong(LabeledExample::eventTime)
                .thenComparing(example -> example.example().eventId()));
        return new ExampleSet(List.copyOf(sorted), order, replayStats);
    }

    public int size() {
        return examples.size();
    }

    public LabeledExample get(int index) {
        return examples.get(index);
    }

    public List<LabeledExample> examples() {
        return examples;
    }

    public LearningOrder order() {
        return order;
    }

    /** Returns the statistics of the replay the examples came from, or null when they were built otherwise. */
    public ReplayStats replayStats() {
        return replayStats;
    }

    /** Returns the time at which example {@code index} becomes available for training. */
    public long orderKey(int index) {
        return order.key(examples.get(index));
    }

    /** Returns the number of examples whose order key is before {@code time}, which are the first ones. */
    public int countAvailableBefore(long time) {
        int low = 0;
        int high = examples.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (orderKey(middle) < time) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** Returns the indices of the examples whose event time is in [from, to), in learning order. */
    public int[] indicesWithEventTimeIn(long from, long to) {
        return IntStream.range(0, examples.size())
                .filter(i -> examples.get(i).eventTime() >= from && examples.get(i).eventTime() < to)
                .toArray();
    }

    /** Returns the smallest event time, or {@link Long#MAX_VALUE} when the set is empty. */
    public long firstEventTime() {
        return examples.stream().mapToLong(LabeledExample::eventTime).min().orElse(Long.MAX_VALUE);
    }

    /** Returns the largest event time, or {@link Long#MIN_VALUE} when the set is empty. */
    public long lastEventTime() {
        return examples.stream().mapToLong(LabeledExample::eventTime).max().orElse(Long.MIN_VALUE);
    }
}
