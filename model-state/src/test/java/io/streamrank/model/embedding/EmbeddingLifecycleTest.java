package io.streamrank.model.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Admission, expiry, the row layout and the table state of {@link EmbeddingTable}. */
class EmbeddingLifecycleTest {

    private static final int DIMENSION = 3;
    private static final long EXPIRY = 80_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final EmbeddingOptions OPTIONS =
            new EmbeddingOptions(DIMENSION, 0.5, 0.1, 0.05, 42).withLifecycle(2, EXPIRY, 1024);
    private static final float[] GRADIENT = {0.2f, -0.4f, 0.1f};

    @Test
    void firstSightingReadsDefaultRow() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS);
        float[] weights = new float[DIMENSION];

        see(table, 7, T0, weights);

        assertThat(weights).containsExactly(table.weightsOf(table.freshRow(EmbeddingTable.DEFAULT_ROW_ID)));
        assertThat(store.get(7)).isNull();
        assertThat(store.sightings(7)).containsExactly(1, T0);
        assertThat(table.metrics().admissionRejects()).isEqualTo(1);
        assertThat(table.metrics().candidates()).isEqualTo(1);
        assertThat(table.metrics().rows()).isZero();
    }

    @Test
    void secondSightingCreatesRow() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS);

        see(table, 7, T0, new float[DIMENSION]);
        see(table, 7, T0 + 1_000, new float[DIMENSION]);

        assertThat(store.get(7)).isNotNull();
        assertThat(EmbeddingRow.lastSeen(store.get(7), DIMENSION)).isEqualTo(T0 + 1_000);
        assertThat(store.sightings(7)).isNull();
        assertThat(table.metrics().created()).isEqualTo(1);
        assertThat(table.metrics().rows()).isEqualTo(1);
        assertThat(table.metrics().candidates()).isZero();
        assertThat(table.metrics().admissionRejects()).isEqualTo(1);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void unadmittedGradientsTrainDefaultOnce() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS);
        float[] start = table.freshRow(EmbeddingTable.DEFAULT_ROW_ID);
        SparseGradients gradients = new SparseGradients(DIMENSION);

        table.beginBatch(T0);
        table.readWeights(1, new float[DIMENSION], 0);
        table.readWeights(2, new float[DIMENSION], 0);
        gradients.add(1, GRADIENT, 0);
        gradients.add(2, GRADIENT, 0);
        gradients.applyTo(table);
        table.endBatch();

        float[] defaultRow = store.get(EmbeddingTable.DEFAULT_ROW_ID);
        for (int i = 0; i < DIMENSION; i++) {
            double g = 2.0 * GRADIENT[i];
            double accumulator = 0.1 + g * g;
            double expected = start[i] - 0.5 * g / Math.sqrt(accumulator);
            assertThat((double) defaultRow[i]).as("weight %d", i).isCloseTo(expected, within(1e-6));
            assertThat((double) defaultRow[DIMENSION + i]).as("accumulator %d", i).isCloseTo(accumulator, within(1e-6));
        }
        assertThat(store.size()).isZero();
    }

    @Test
    void admittedRowInheritsDefaultLearning() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS);
        see(table, 1, T0, new float[DIMENSION]);
        float[] learned = store.get(EmbeddingTable.DEFAULT_ROW_ID);
        float[] defaultStart = table.freshRow(EmbeddingTable.DEFAULT_ROW_ID);
        float[] ownStart = table.freshRow(9);

        float[] admitted = table.admittedRow(9);

        for (int i = 0; i < DIMENSION; i++) {
            assertThat(admitted[i]).as("weight %d", i).isEqualTo(ownStart[i] + (learned[i] - defaultStart[i]));
            assertThat(admitted[DIMENSION + i]).as("accumulator %d", i).isEqualTo(0.1f);
        }
        assertThat(learned[0]).isNotEqualTo(defaultStart[0]);
    }

    @Test
    void idleRowExpiresOnRead() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS);
        see(table, 7, T0, new float[DIMENSION]);
        see(table, 7, T0, new float[DIMENSION]);
        float[] defaultWeights = table.defaultWeights();
        float[] weights = new float[DIMENSION];

        see(table, 7, T0 + EXPIRY, weights);

        assertThat(weights).containsExactly(defaultWeights);
        assertThat(store.get(7)).isNull();
        assertThat(table.metrics().expired()).isEqualTo(1);
        assertThat(table.metrics().rows()).isZero();
        assertThat(table.metrics().candidates()).isEqualTo(1);
    }

    @Test
    void rowSeenWithinExpiryStays() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS);
        see(table, 7, T0, new float[DIMENSION]);
        see(table, 7, T0, new float[DIMENSION]);

        see(table, 7, T0 + EXPIRY - 1, new float[DIMENSION]);
        see(table, 8, T0 + 2 * EXPIRY - 2, new float[DIMENSION]);

        assertThat(store.get(7)).isNotNull();
        assertThat(table.metrics().expired()).isZero();
    }

    @Test
    void sweepDeletesUnreadRows() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS);
        for (long id = 1; id <= 5; id++) {
            see(table, id, T0, new float[DIMENSION]);
            see(table, id, T0, new float[DIMENSION]);
        }
        see(table, 100, T0 + EXPIRY / 2, new float[DIMENSION]);

        table.beginBatch(T0 + 2 * EXPIRY);
        table.endBatch();

        assertThat(store.size()).isZero();
        assertThat(store.sightingCount()).isZero();
        assertThat(store.expiryChunkCount()).isZero();
        assertThat(table.metrics().expired()).isEqualTo(5);
        assertThat(table.metrics().rows()).isZero();
        assertThat(table.metrics().candidates()).isZero();
    }

    @Test
    void sweepExaminesAtMostLimit() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS.withLifecycle(1, EXPIRY, 4));
        table.beginBatch(T0);
        for (long id = 1; id <= 10; id++) {
            table.applyGradient(id, GRADIENT, 0);
        }
        table.endBatch();

        table.beginBatch(T0 + 2 * EXPIRY);

        assertThat(table.sweepExpired()).isEqualTo(4);
        assertThat(store.size()).isEqualTo(6);
        assertThat(table.sweepExpired()).isEqualTo(4);
        assertThat(table.sweepExpired()).isEqualTo(2);
        assertThat(table.sweepExpired()).isZero();
        assertThat(store.size()).isZero();
    }

    @Test
    void sweepKeepsRowsSeenAgain() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS.withLifecycle(1, EXPIRY, 1024));
        see(table, 1, T0, new float[DIMENSION]);
        see(table, 2, T0, new float[DIMENSION]);
        see(table, 2, T0 + EXPIRY - 1_000, new float[DIMENSION]);

        table.beginBatch(T0 + EXPIRY + EXPIRY / 2);
        table.endBatch();

        assertThat(store.get(1)).isNull();
        assertThat(store.get(2)).isNotNull();
    }

    @Test
    void withoutClockNothingExpires() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS.withLifecycle(1, EXPIRY, 1024));

        table.applyGradient(1, GRADIENT, 0);
        table.endBatch();

        assertThat(EmbeddingRow.lastSeen(store.get(1), DIMENSION)).isEqualTo(EmbeddingRow.UNKNOWN_TIME);
        assertThat(store.expiryChunkCount()).isZero();
        assertThat(table.sweepExpired()).isZero();
    }

    @Test
    void stateSurvivesNewTable() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable first = new EmbeddingTable(store, OPTIONS);
        see(first, 1, T0, new float[DIMENSION]);
        see(first, 1, T0, new float[DIMENSION]);
        see(first, 2, T0 + 10, new float[DIMENSION]);

        EmbeddingTable second = new EmbeddingTable(store, OPTIONS);
        second.beginBatch(T0 + 5);
        EmbeddingTableMetrics restored = second.endBatch();

        assertThat(restored).isEqualTo(first.metrics());
        assertThat(second.clock()).isEqualTo(T0 + 10);
    }

    @Test
    void peekCountsNothing() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS);
        see(table, 7, T0, new float[DIMENSION]);
        see(table, 7, T0, new float[DIMENSION]);
        float[] row = new float[DIMENSION];
        float[] unknown = new float[DIMENSION];
        float[] expired = new float[DIMENSION];

        table.beginBatch(T0 + 1);
        table.peekWeights(7, row, 0);
        table.peekWeights(8, unknown, 0);
        table.beginBatch(T0 + EXPIRY);
        table.peekWeights(7, expired, 0);
        table.endBatch();

        assertThat(row).containsExactly(table.weightsOf(store.get(7)));
        assertThat(unknown).containsExactly(table.defaultWeights());
        assertThat(expired).containsExactly(table.defaultWeights());
        assertThat(store.sightings(8)).isNull();
        assertThat(table.metrics().admissionRejects()).isEqualTo(1);
    }

    @Test
    void storeCopyIsDeep() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS);
        see(table, 7, T0, new float[DIMENSION]);
        see(table, 7, T0, new float[DIMENSION]);
        see(table, 8, T0, new float[DIMENSION]);

        float[] rowBefore = store.get(7).clone();
        long[] stateBefore = store.tableState().clone();

        InMemoryEmbeddingStore copy = store.copy();
        see(table, 7, T0 + 1, new float[DIMENSION]);
        see(table, 8, T0 + 1, new float[DIMENSION]);

        assertThat(copy.get(7)).containsExactly(rowBefore);
        assertThat(copy.get(8)).isNull();
        assertThat(copy.sightings(8)).containsExactly(1, T0);
        assertThat(copy.tableState()).containsExactly(stateBefore);
    }

    @Test
    void lastSeenRoundTrips() {
        float[] row = new float[EmbeddingRow.length(DIMENSION)];
        long[] times = {0, 1, -1, T0, 0xFFFFFFL, 1L << 24, -(1L << 24) - 1, (1L << 47) - 1, -(1L << 47)};

        for (long time : times) {
            EmbeddingRow.setLastSeen(row, DIMENSION, time);
            assertThat(EmbeddingRow.lastSeen(row, DIMENSION)).as("time %d", time).isEqualTo(time);
        }
        EmbeddingRow.setLastSeen(row, DIMENSION, Long.MAX_VALUE);
        assertThat(EmbeddingRow.lastSeen(row, DIMENSION)).isEqualTo((1L << 47) - 1);
    }

    @Test
    void olderLayoutUpgrades() {
        float[] old = {1, 2, 3, 0.1f, 0.2f, 0.3f};

        float[] upgraded = EmbeddingRow.upgrade(old, DIMENSION);

        assertThat(upgraded).hasSize(EmbeddingRow.length(DIMENSION));
        assertThat(EmbeddingRow.weights(upgraded, DIMENSION)).containsExactly(1, 2, 3);
        assertThat(EmbeddingRow.lastSeen(upgraded, DIMENSION)).isEqualTo(EmbeddingRow.UNKNOWN_TIME);
    }

    /**
     * Replays seeded random sightings through the table and through a plain map model of the
     * rules, then checks that the sweeps deleted no live row and left no long-expired one.
     */
    @Test
    void sweepsMatchReference() throws Exception {
        InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
        EmbeddingTable table = new EmbeddingTable(store, OPTIONS.withLifecycle(3, EXPIRY, 16));
        ReferenceTable reference = new ReferenceTable(3, EXPIRY);
        SplittableRandom random = new SplittableRandom(11);

        long time = T0;
        for (int batch = 0; batch < 400; batch++) {
            time += random.nextLong(4_000);
            table.beginBatch(time);
            SparseGradients gradients = new SparseGradients(DIMENSION);
            for (int example = 0; example < 8; example++) {
                long id = random.nextInt(200);
                table.readWeights(id, new float[DIMENSION], 0);
                gradients.add(id, GRADIENT, 0);
                reference.see(id, time);
            }
            gradients.applyTo(table);
            table.endBatch();
        }
        while (table.sweepExpired() > 0) {
            // Sweeps until the index contains no expired bucket.
        }
        table.endBatch();

        for (Map.Entry<Long, Long> row : reference.rows.entrySet()) {
            if (time - row.getValue() < EXPIRY) {
                assertThat(store.get(row.getKey())).as("live row %d", row.getKey()).isNotNull();
                assertThat(EmbeddingRow.lastSeen(store.get(row.getKey()), DIMENSION)).isEqualTo(row.getValue());
            }
        }
        for (Map.Entry<Long, float[]> row : store.rows().entrySet()) {
            if (row.getKey() != EmbeddingTable.DEFAULT_ROW_ID) {
                assertThat(time - EmbeddingRow.lastSeen(row.getValue(), DIMENSION))
                        .as("age of row %d", row.getKey()).isLessThan(2 * EXPIRY);
                assertThat(reference.rows).containsKey(row.getKey());
            }
        }
        assertThat(table.metrics().created()).isEqualTo(reference.created);
        assertThat(table.metrics().rows()).isEqualTo(store.size());
        assertThat(table.metrics().candidates()).isEqualTo(store.sightingCount());
        assertThat(table.metrics().expired()).isPositive();
    }

    /** Reads and trains {@code id} in a batch of its own at event time {@code time}. */
    private static void see(EmbeddingTable table, long id, long time, float[] weights) throws Exception {
        table.beginBatch(time);
        table.readWeights(id, weights, 0);
        table.applyGradient(id, GRADIENT, 0);
        table.endBatch();
    }

    /** The admission and expiry rules on plain maps, with rows deleted only when read. */
    private static final class ReferenceTable {

        final Map<Long, Long> rows = new HashMap<>();
        final Map<Long, long[]> sightings = new HashMap<>();
        final int minSightings;
        final long expiry;
        long created;

        ReferenceTable(int minSightings, long expiry) {
            this.minSightings = minSightings;
            this.expiry = expiry;
        }

        void see(long id, long time) {
            Long lastSeen = rows.get(id);
            if (lastSeen != null && time - lastSeen < expiry) {
                rows.put(id, time);
                return;
            }
            rows.remove(id);
            long[] record = sightings.get(id);
            long count = record == null || time - record[1] >= expiry ? 1 : record[0] + 1;
            if (count >= minSightings) {
                sightings.remove(id);
                rows.put(id, time);
                created++;
            } else {
                sightings.put(id, new long[] {count, time});
            }
        }
    }
}
