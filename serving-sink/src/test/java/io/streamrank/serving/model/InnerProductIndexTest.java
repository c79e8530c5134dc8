package io.streamrank.serving.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.serving.TestSnapshots;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

class InnerProductIndexTest {

    @Test
    void matchesSortedReference() {
        SplittableRandom random = new SplittableRandom(17);
        for (int trial = 0; trial < 20; trial++) {
            int size = 1 + random.nextInt(300);
            Map<Long, float[]> rows = TestSnapshots.rows(0, size, random.nextLong());
            EmbeddingRows table = EmbeddingRows.of("items", rows, EmbeddingOptions.DEFAULTS);
            float[] query = TestSnapshots.rows(0, 1, random.nextLong()).get(0L);
            int count = 1 + random.nextInt(50);
            long excludedResidue = trial % 5;
            LongPredicate excluded = id -> id % 5 == excludedResidue;

            List<Long> actual = new InnerProductIndex(table).top(query, count, excluded);

            assertThat(actual).as("trial %d with %d rows", trial, size)
                    .containsExactlyElementsOf(reference(rows, query, count, excluded));
        }
    }

    @Test
    void tiesPreferLowerId() {
        float[] same = TestSnapshots.constantRow(0.5f);
        EmbeddingRows table = EmbeddingRows.of("items", Map.of(9L, same, 3L, same, 6L, same), EmbeddingOptions.DEFAULTS);

        List<Long> top = new InnerProductIndex(table).top(TestSnapshots.constantRow(1f), 2, id -> false);

        assertThat(top).containsExactly(3L, 6L);
    }

    @Test
    void emptyCasesReturnNothing() {
        EmbeddingRows empty = EmbeddingRows.of("items", Map.of(), EmbeddingOptions.DEFAULTS);
        EmbeddingRows singleRow = EmbeddingRows.of("items", Map.of(1L, TestSnapshots.constantRow(1f)), EmbeddingOptions.DEFAULTS);
        float[] query = TestSnapshots.constantRow(1f);

        assertThat(new InnerProductIndex(empty).top(query, 5, id -> false)).isEmpty();
        assertThat(new InnerProductIndex(singleRow).top(query, 0, id -> false)).isEmpty();
        assertThat(new InnerProductIndex(singleRow).top(query, 5, Set.of(1L)::contains)).isEmpty();
    }

    /** Scores every row, sorts by score then id, and keeps the first {@code count}. */
    private static List<Long> reference(Map<Long, float[]> rows, float[] query, int count, LongPredicate excluded) {
        List<Map.Entry<Long, Double>> scored = new ArrayList<>();
        for (Map.Entry<Long, float[]> row : rows.entrySet()) {
            if (!excluded.test(row.getKey())) {
                double dot = 0;
                for (int i = 0; i < query.length; i++) {
                    dot += query[i] * row.getValue()[i];
                }
                scored.add(Map.entry(row.getKey(), dot));
            }
        }
        scored.sort(Comparator.<Map.Entry<Long, Double>>comparingDouble(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        return scored.stream().limit(count).map(Map.Entry::getKey).toList();
    }
}
