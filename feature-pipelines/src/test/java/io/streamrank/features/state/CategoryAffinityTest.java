package io.streamrank.features.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

class CategoryAffinityTest {

    /** Relative error allowed between incremental decay and a direct sum of exponentials. */
    private static final double DECAY_RELATIVE_TOLERANCE = 1e-12;

    private static final double TAU = 3_600_000.0;
    private static final long START = 1_700_000_000_000L;

    @Test
    void scoreIsDecayedWeightSum() {
        CategoryAffinity affinity = CategoryAffinity.EMPTY
                .add(5, 1.0, START, TAU, 10)
                .add(5, 2.0, START + 3_600_000, TAU, 10);

        double expected = 1.0 * Math.exp(-2.0) + 2.0 * Math.exp(-1.0);
        assertThat(affinity.score(5, START + 7_200_000, TAU)).isCloseTo(expected, within(1e-12));
        assertThat(affinity.total(START + 7_200_000, TAU)).isCloseTo(expected, within(1e-12));
        assertThat(affinity.score(6, START, TAU)).isZero();
        assertThat(affinity.score(-1, START, TAU)).isZero();
    }

    @Test
    void scoresNeverGrowBackInTime() {
        CategoryAffinity affinity = CategoryAffinity.EMPTY.add(5, 1.0, START, TAU, 10);

        assertThat(affinity.score(5, START - 3_600_000, TAU)).isEqualTo(1.0);
    }

    @Test
    void decayedScoresIgnoreEventOrder() {
        Random random = new Random(5);
        List<double[]> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            events.add(new double[] {random.nextInt(8), 1 + random.nextInt(4), START + random.nextInt(50_000_000)});
        }

        CategoryAffinity inOrder = addAll(events, 8);
        Collections.shuffle(events, random);
        CategoryAffinity shuffled = addAll(events, 8);

        assertThat(shuffled.asOf()).isEqualTo(inOrder.asOf());
        assertThat(shuffled.categories()).containsExactly(inOrder.categories());
        for (int i = 0; i < inOrder.size(); i++) {
            assertThat(shuffled.scores()[i])
                    .isCloseTo(inOrder.scores()[i], within(inOrder.scores()[i] * DECAY_RELATIVE_TOLERANCE));
        }
    }

    @Test
    void keepsTopKByScore() {
        int k = 3;
        CategoryAffinity affinity = CategoryAffinity.EMPTY;
        for (long category = 1; category <= 6; category++) {
            affinity = affinity.add(category, category, START, TAU, k);
            assertThat(affinity.size()).isLessThanOrEqualTo(k);
        }

        assertThat(affinity.categories()).containsExactly(6, 5, 4);
        assertThat(affinity.scores()).containsExactly(6.0, 5.0, 4.0);
    }

    @Test
    void weakNewCategoryDropped() {
        CategoryAffinity affinity = CategoryAffinity.EMPTY
                .add(1, 5.0, START, TAU, 2)
                .add(2, 5.0, START, TAU, 2);

        CategoryAffinity after = affinity.add(3, 1.0, START, TAU, 2);

        assertThat(after.categories()).containsExactly(1, 2);
    }

    @Test
    void tiesKeepLowerCategory() {
        CategoryAffinity affinity = CategoryAffinity.EMPTY
                .add(9, 1.0, START, TAU, 2)
                .add(4, 1.0, START, TAU, 2)
                .add(7, 1.0, START, TAU, 2);

        assertThat(affinity.categories()).containsExactly(4, 7);
    }

    @Test
    void topKMatchesReference() {
        Random random = new Random(17);
        int k = 4;
        CategoryAffinity affinity = CategoryAffinity.EMPTY;
        Map<Long, List<double[]>> admitted = new HashMap<>();
        long time = START;
        for (int i = 0; i < 1500; i++) {
            time += random.nextInt(600_000);
            long category = random.nextInt(12);
            double weight = 1 + random.nextInt(4);
            affinity = affinity.add(category, weight, time, TAU, k);

            admitted.computeIfAbsent(category, ignored -> new ArrayList<>()).add(new double[] {weight, time});
            Map<Long, Double> scores = referenceScores(admitted, time);
            List<Long> kept = scores.keySet().stream()
                    .sorted((a, b) -> scores.get(a).equals(scores.get(b))
                            ? Long.compare(a, b) : Double.compare(scores.get(b), scores.get(a)))
                    .limit(k)
                    .toList();
            admitted.keySet().retainAll(kept);

            assertThat(affinity.categories()).as("categories after %d events", i + 1)
                    .containsExactly(kept.stream().mapToLong(Long::longValue).toArray());
            for (int j = 0; j < affinity.size(); j++) {
                double expected = scores.get(affinity.categories()[j]);
                assertThat(affinity.scores()[j]).isCloseTo(expected, within(expected * DECAY_RELATIVE_TOLERANCE));
            }
        }
    }

    private static Map<Long, Double> referenceScores(Map<Long, List<double[]>> events, long asOf) {
        Map<Long, Double> scores = new HashMap<>();
        events.forEach((category, list) -> {
            double sum = 0;
            for (double[] event : list) {
                sum += event[0] * Math.exp(-(asOf - event[1]) / TAU);
            }
            scores.put(category, sum);
        });
        return scores;
    }

    private static CategoryAffinity addAll(List<double[]> events, int maxCategories) {
        CategoryAffinity affinity = CategoryAffinity.EMPTY;
        for (double[] event : events) {
            affinity = affinity.add((long) event[0], event[1], (long) event[2], TAU, maxCategories);
        }
        return affinity;
    }
}
