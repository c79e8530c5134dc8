package io.streamrank.model.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EmbeddingTableTest {

    private static final EmbeddingOptions OPTIONS = new EmbeddingOptions(3, 0.5, 0.1, 0.05, 42);

    @Test
    void readingDoesNotCreateRows() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS);

        table.readWeights(7, new float[3], 0);

        assertThat(store.size()).isZero();
    }

    @Test
    void freshRowDependsOnlyOnSeedAndId() {
        EmbeddingTable first = new EmbeddingTable(new InMemoryEmbeddingStore(), OPTIONS);
        EmbeddingTable second = new EmbeddingTable(null, OPTIONS);

        assertThat(first.freshRow(Long.MAX_VALUE)).containsExactly(second.freshRow(Long.MAX_VALUE));
        assertThat(first.freshRow(1)).isNotEqualTo(first.freshRow(2));
    }

    @Test
    void adagradStepMatchesFormula() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS);
        float[] start = table.freshRow(5);
        float[] gradient = {0.2f, -1.0f, 0.0f};

        table.applyGradient(5, gradient, 0);
        table.applyGradient(5, gradient, 0);

        float[] row = store.get(5);
        for (int i = 0; i < 3; i++) {
            double g = gradient[i];
            double accumulator1 = 0.1 + g * g;
            double accumulator2 = accumulator1 + g * g;
            double expected = start[i] - 0.5 * g / Math.sqrt(accumulator1) - 0.5 * g / Math.sqrt(accumulator2);
            assertThat((double) row[i]).as("weight %d", i).isCloseTo(expected, within(1e-6));
            assertThat((double) row[3 + i]).as("accumulator %d", i).isCloseTo(accumulator2, within(1e-6));
        }
    }

    @Test
    void sparseGradientsSumPerRow() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS);
        SparseGradients gradients = new SparseGradients(3);

        gradients.add(1, new float[] {9, 0.5f, 0.5f, 0.5f}, 1);
        gradients.add(1, new float[] {0.5f, 0.5f, 0.5f}, 0);
        gradients.add(2, new float[] {1, 1, 1}, 0);
        gradients.applyTo(table);

        assertThat(gradients.rows()).isEqualTo(2);
        assertThat(store.size()).isEqualTo(2);
        assertThat((double) store.get(1)[3]).isCloseTo(0.1 + 1.0, within(1e-6));
    }
}
