package io.streamrank.model.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Joins a new mini-batch with its replayed examples, the new ones first, as the learners train on them. */
public final class ReplayBatches {

    private ReplayBatches() {}

    /** Returns {@code fresh} followed by {@code replayed}, or {@code fresh} itself when nothing is replayed. */
    public static <T> List<T> join(List<T> fresh, List<T> replayed) {
        if (replayed.isEmpty()) {
            return fresh;
        }
        List<T> all = new ArrayList<>(fresh.size() + replayed.size());
        all.addAll(fresh);
        all.addAll(replayed);
        return all;
    }

    /** Returns the rows of {@code fresh} followed by those of {@code replayed}, sharing the row arrays. */
    public static float[][] join(float[][] fresh, float[][] replayed) {
        if (replayed.length == 0) {
            return fresh;
        }
        float[][] all = Arrays.copyOf(fresh, fresh.length + replayed.length);
        System.arraycopy(replayed, 0, all, fresh.length, replayed.length);
        return all;
    }
}
