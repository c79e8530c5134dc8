package io.streamrank.model.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A bounded buffer of the most recent examples an online learner saw, from which each new
 * mini-batch draws examples to learn again (experience replay).
 *
 * <p>An online learner that takes the stream in order gets mini-batches whose examples are
 * correlated: a few users in a session, or, in the order the label join emits them, a run of
 * negatives followed by a run of positives. Learning each mini-batch together with a uniform
 * draw from the last {@link ExperienceReplayOptions#capacity()} examples brings the batch's gradient
 * closer to that of a shuffled batch over the recent past, without delaying any new example. The
 * buffer holds only examples already learned, so the scores of a new mini-batch stay
 * out-of-sample.
 *
 * <p>Memory: at most {@code capacity} references. Draws are deterministic: the {@code n}-th call
 * of {@link #sample} uses a generator seeded by the options' seed and {@code n}, so a buffer
 * restored from {@link #contents()} and {@link #draws()} draws what the original would have.
 * Not thread-safe.
 *
 * @param <T> the example type
 */
public final class ReplayBuffer<T> {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final ExperienceReplayOptions options;
    private final Object[] slots;
    private int oldest;
    private int size;
    private long draws;

    /** Creates an empty buffer. */
    public ReplayBuffer(ExperienceReplayOptions options) {
        this.options = Objects.requireNonNull(options, "replay options");
        this.slots = new Object[options.enabled() ? options.capacity() : 0];
    }

    /**
     * Rebuilds a buffer from what {@link #contents()} and {@link #draws()} returned. When the
     * contents exceed the capacity, because the capacity was lowered since, only the newest are kept.
     */
    public static <T> ReplayBuffer<T> restore(ExperienceReplayOptions options, List<T> contents, long draws) {
        if (draws < 0) {
            throw new IllegalArgumentException("replay draws is " + draws + "; expected 0 or more");
        }
        ReplayBuffer<T> buffer = new ReplayBuffer<>(options);
        buffer.add(contents);
        buffer.draws = draws;
        return buffer;
    }

    public ExperienceReplayOptions options() {
        return options;
    }

    /** Returns the number of examples held, at most the capacity. */
    public int size() {
        return size;
    }

    /** Returns the number of {@link #sample} calls so far, which fixes the next draw. */
    public long draws() {
        return draws;
    }

    /**
     * Draws the examples to learn with a mini-batch of {@code newExamples}: {@link
     * ExperienceReplayOptions#replayedPer} of them, or all held if fewer, distinct and uniformly chosen. Call
     * it before {@link #add adding} the mini-batch, so that it returns only older examples.
     *
     * @return the drawn examples, empty when replay is disabled or the buffer is empty
     */
    public List<T> sample(int newExamples) {
        if (newExamples < 0) {
            throw new IllegalArgumentException("newExamples is " + newExamples + "; expected 0 or more");
        }
        if (!options.enabled()) {
            return List.of();
        }
        SplittableRandom random = new SplittableRandom(options.seed() + GOLDEN_GAMMA * (draws + 1));
        draws++;
        int count = Math.min(size, options.replayedPer(newExamples));
        List<T> drawn = new ArrayList<>(count);
        for (int position : distinctPositions(count, random)) {
            drawn.add(at(position));
        }
        return drawn;
    }

    /** Appends {@code examples} in order, evicting the oldest held examples beyond the capacity. */
    public void add(Collection<? extends T> examples) {
        if (slots.length == 0) {
            return;
        }
        for (T example : examples) {
            Objects.requireNonNull(example, "replayed example");
            if (size < slots.length) {
                slots[(oldest + size) % slots.length] = example;
                size++;
            } else {
                slots[oldest] = example;
                oldest = (oldest + 1) % slots.length;
            }
        }
    }

    /** Returns the held examples, oldest first, for checkpointing. */
    public List<T> contents() {
        List<T> contents = new ArrayList<>(size);
        for (int position = 0; position < size; position++) {
            contents.add(at(position));
        }
        return contents;
    }

    /** Returns an independent buffer with the same contents and draw count, sharing the example objects. */
    public ReplayBuffer<T> copy() {
        return restore(options, contents(), draws);
    }

    @SuppressWarnings("unchecked")
    private T at(int position) {
        return (T) slots[(oldest + position) % slots.length];
    }

    /**
     * Returns {@code count} distinct positions in [0, size), each subset equally likely (Floyd's
     * sampling algorithm: one random draw per position, no array of all positions), in the order
     * they were chosen.
     */
    private LinkedHashSet<Integer> distinctPositions(int count, SplittableRandom random) {
        LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
        for (int bound = size - count; bound < size; bound++) {
            int candidate = random.nextInt(bound + 1);
            chosen.add(chosen.contains(candidate) ? bound : candidate);
        }
        return chosen;
    }
}
