package io.streamrank.serving.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongPredicate;

/**
 * Maximum inner product search over the rows of an embedding table by an exact scan: every query
 * costs rows * dimension multiply-adds. Rows are laid out in one array in id order, so equal
 * scores are broken by the lower id. Immutable.
 */
final class InnerProductIndex {

    /** Orders the best results so far worst first: lower score, then higher id. */
    private static final Comparator<Scored> WORST_FIRST =
            Comparator.comparingDouble(Scored::score).thenComparing(Comparator.comparingLong(Scored::id).reversed());

    private final long[] ids;
    private final float[] weights;
    private final int dimension;

    InnerProductIndex(EmbeddingRows rows) {
        this.dimension = rows.dimension();
        this.ids = rows.rows().keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        this.weights = new float[ids.length * dimension];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(rows.rows().get(ids[i]), 0, weights, i * dimension, dimension);
        }
    }

    int size() {
        return ids.length;
    }

    /**
     * Returns the ids of up to {@code count} rows with the largest inner product with {@code query},
     * largest first, skipping the ids that {@code excluded} matches.
     */
    List<Long> top(float[] query, int count, LongPredicate excluded) {
        if (count <= 0) {
            return List.of();
        }
        // TODO: replace the exact scan with an approximate nearest neighbour index (HNSW, say) once
        // item tables grow beyond what a scan per request can afford.
        PriorityQueue<Scored> best = new PriorityQueue<>(count + 1, WORST_FIRST);
        for (int row = 0; row < ids.length; row++) {
            if (excluded.test(ids[row])) {
                continue;
            }
            Scored candidate = new Scored(ids[row], dot(query, row));
            if (best.size() < count) {
                best.add(candidate);
            } else if (WORST_FIRST.compare(candidate, best.peek()) > 0) {
                best.poll();
                best.add(candidate);
            }
        }

        Scored[] sorted = best.toArray(new Scored[0]);
        Arrays.sort(sorted, WORST_FIRST.reversed());
        List<Long> result = new ArrayList<>(sorted.length);
        for (Scored scored : sorted) {
            result.add(scored.id());
        }
        return result;
    }

    private double dot(float[] query, int row) {
        int offset = row * dimension;
        double sum = 0;
        for (int i = 0; i < dimension; i++) {
            sum += query[i] * weights[offset + i];
        }
        return sum;
    }

    private record Scored(long id, double score) {}
}
