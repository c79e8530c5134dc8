package io.streamrank.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    /** Rounding allowed between sums taken in different orders. */
    private static final double ROUNDING = 1e-12;

    @Test
    void ndcgMatchesPermutationReference() {
        for (int seed = 0; seed < 60; seed++) {
            Random random = new Random(seed);
            double[] relevance = new double[1 + random.nextInt(7)];
            for (int i = 0; i < relevance.length; i++) {
                relevance[i] = random.nextInt(4);
            }
            int k = 1 + random.nextInt(9);

            double idealDcg = ReferenceMetrics.idealDcgByPermutations(relevance, k);

            assertThat(RankingMetrics.dcgAtK(relevance, k))
                    .as("seed %d", seed)
                    .isCloseTo(ReferenceMetrics.dcg(relevance, k), within(ROUNDING));
            if (idealDcg == 0.0) {
                assertThat(RankingMetrics.ndcgAtK(relevance, k)).as("seed %d", seed).isEmpty();
            } else {
                assertThat(RankingMetrics.ndcgAtK(relevance, k).orElseThrow())
                        .as("seed %d", seed)
                        .isCloseTo(ReferenceMetrics.dcg(relevance, k) / idealDcg, within(ROUNDING));
            }
        }
    }

    @Test
    void ndcgHandWorked() {
        double[] relevance = {1, 3, 0, 2};

        // DCG@3 = 1/1 + 7/log2(3) + 0 and IDCG@3 = 7/1 + 3/log2(3) + 1/2.
        double log2Of3 = Math.log(3.0) / Math.log(2.0);
        double expected = (1.0 + 7.0 / log2Of3) / (7.0 + 3.0 / log2Of3 + 0.5);

        assertThat(RankingMetrics.ndcgAtK(relevance, 3).orElseThrow()).isCloseTo(expected, within(ROUNDING));
        assertThat(RankingMetrics.dcgAtK(relevance, 1)).isEqualTo(1.0);
    }

    @Test
    void ndcgWithJudgedPool() {
        double[] ranked = {0, 2};
        double[] judged = {2, 3, 0};

        // The item with relevance 3 was judged but not ranked, so the ideal list starts with it.
        double expected = (3.0 / (Math.log(3.0) / Math.log(2.0))) / (7.0 + 3.0 / (Math.log(3.0) / Math.log(2.0)));

        assertThat(RankingMetrics.ndcgAtK(ranked, judged, 2).orElseThrow()).isCloseTo(expected, within(ROUNDING));
        assertThat(RankingMetrics.ndcgAtK(new double[] {1}, new double[] {0, 0}, 5)).isEmpty();
    }

    @Test
    void ndcgEdgeCases() {
        assertThat(RankingMetrics.ndcgAtK(new double[0], 5)).isEmpty();
        assertThat(RankingMetrics.ndcgAtK(new double[] {0, 0, 0}, 2)).isEmpty();
        assertThat(RankingMetrics.ndcgAtK(new double[] {2}, 1).orElseThrow()).isEqualTo(1.0);
        assertThat(RankingMetrics.ndcgAtK(new double[] {0, 1}, 100).orElseThrow())
                .isCloseTo(Math.log(2.0) / Math.log(3.0), within(ROUNDING));
        assertThat(RankingMetrics.ndcgAtK(new double[] {0, 1}, 1).orElseThrow()).isEqualTo(0.0);
        assertThat(RankingMetrics.dcgAtK(new double[0], 3)).isEqualTo(0.0);
        assertThat(RankingMetrics.ndcgAtK(new double[] {0.5, 1.5}, 2).orElseThrow()).isLessThan(1.0);
    }

    @Test
    void meanNdcgSkipsUndefinedLists() {
        List<double[]> lists = List.of(new double[] {0, 1}, new double[] {0, 0}, new double[] {1, 0});

        double expected = (Math.log(2.0) / Math.log(3.0) + 1.0) / 2.0;

        assertThat(RankingMetrics.meanNdcgAtK(lists, 2).orElseThrow()).isCloseTo(expected, within(ROUNDING));
        assertThat(RankingMetrics.meanNdcgAtK(List.of(new double[] {0}), 2)).isEmpty();
        assertThat(RankingMetrics.meanNdcgAtK(List.of(), 2)).isEmpty();
    }

    @Test
    void ndcgRejectsBadArguments() {
        assertThatThrownBy(() -> RankingMetrics.ndcgAtK(new double[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k 0");
        assertThatThrownBy(() -> RankingMetrics.ndcgAtK(new double[] {1, Double.NaN}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relevance NaN at index 1 of rankedRelevance");
        assertThatThrownBy(() -> RankingMetrics.dcgAtK(new double[] {-1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relevance -1.0");
        assertThatThrownBy(() -> RankingMetrics.ndcgAtK(new double[] {1}, new double[] {65}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("judgedRelevance");
        assertThatThrownBy(() -> RankingMetrics.meanNdcgAtK(List.of(), -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k -2");
    }

    @Test
    void binaryMetricsMatchReference() {
        Random random = new Random(53);
        for (int trial = 0; trial < 200; trial++) {
            boolean[] ranked = new boolean[random.nextInt(12)];
            for (int i = 0; i < ranked.length; i++) {
                ranked[i] = random.nextInt(4) == 0;
            }
            int k = 1 + random.nextInt(15);
            int inList = countTrue(ranked, ranked.length);
            int relevantCount = inList + random.nextInt(3);
            int inTopK = countTrue(ranked, k);
            int firstRank = firstTrueRank(ranked);

            assertThat(RankingMetrics.precisionAtK(ranked, k)).isEqualTo((double) inTopK / k);
            assertThat(RankingMetrics.hitAtK(ranked, k)).isEqualTo(inTopK > 0);
            assertThat(RankingMetrics.reciprocalRank(ranked)).isEqualTo(firstRank == 0 ? 0.0 : 1.0 / firstRank);
            assertThat(RankingMetrics.reciprocalRank(ranked, k))
                    .isEqualTo(firstRank == 0 || firstRank > k ? 0.0 : 1.0 / firstRank);
            if (relevantCount == 0) {
                assertThat(RankingMetrics.recallAtK(ranked, relevantCount, k)).isEmpty();
            } else {
                assertThat(RankingMetrics.recallAtK(ranked, relevantCount, k).orElseThrow())
                        .isEqualTo((double) inTopK / relevantCount);
            }
        }
    }

    @Test
    void binaryMetricsHandWorked() {
        boolean[] ranked = {false, true, false, true};

        assertThat(RankingMetrics.reciprocalRank(ranked)).isEqualTo(0.5);
        assertThat(RankingMetrics.reciprocalRank(ranked, 1)).isEqualTo(0.0);
        assertThat(RankingMetrics.precisionAtK(ranked, 2)).isEqualTo(0.5);
        assertThat(RankingMetrics.precisionAtK(ranked, 8)).isEqualTo(0.25);
        assertThat(RankingMetrics.recallAtK(ranked, 4, 3).orElseThrow()).isEqualTo(0.25);
        assertThat(RankingMetrics.recallAtK(ranked, 2, 10).orElseThrow()).isEqualTo(1.0);
        assertThat(RankingMetrics.hitAtK(ranked, 1)).isFalse();
        assertThat(RankingMetrics.hitAtK(ranked, 2)).isTrue();
    }

    @Test
    void binaryMetricsOnEmptyList() {
        boolean[] empty = new boolean[0];

        assertThat(RankingMetrics.reciprocalRank(empty)).isEqualTo(0.0);
        assertThat(RankingMetrics.precisionAtK(empty, 3)).isEqualTo(0.0);
        assertThat(RankingMetrics.hitAtK(empty, 3)).isFalse();
        assertThat(RankingMetrics.recallAtK(empty, 0, 3)).isEmpty();
        assertThat(RankingMetrics.recallAtK(empty, 2, 3).orElseThrow()).isEqualTo(0.0);
    }

    @Test
    void meansOverLists() {
        List<boolean[]> lists = new ArrayList<>();
        lists.add(new boolean[] {true, false});
        lists.add(new boolean[] {false, false, true});
        lists.add(new boolean[] {false});
        lists.add(new boolean[0]);

        assertThat(RankingMetrics.meanReciprocalRank(lists).orElseThrow()).isCloseTo((1.0 + 1.0 / 3.0) / 4.0, within(ROUNDING));
        assertThat(RankingMetrics.hitRateAtK(lists, 2).orElseThrow()).isEqualTo(0.25);
        assertThat(RankingMetrics.hitRateAtK(lists, 3).orElseThrow()).isEqualTo(0.5);
        assertThat(RankingMetrics.meanReciprocalRank(List.of())).isEmpty();
        assertThat(RankingMetrics.hitRateAtK(List.of(), 3)).isEmpty();
    }

    @Test
    void binaryMetricsRejectBadArguments() {
        boolean[] ranked = {true, true, false};

        assertThatThrownBy(() -> RankingMetrics.precisionAtK(ranked, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k 0");
        assertThatThrownBy(() -> RankingMetrics.hitAtK(ranked, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k -1");
        assertThatThrownBy(() -> RankingMetrics.reciprocalRank(ranked, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k 0");
        assertThatThrownBy(() -> RankingMetrics.hitRateAtK(List.of(ranked), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k 0");
        assertThatThrownBy(() -> RankingMetrics.recallAtK(ranked, 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relevantCount 1")
                .hasMessageContaining("2 relevant items");
        assertThatThrownBy(() -> RankingMetrics.recallAtK(ranked, -1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relevantCount -1");
        assertThatThrownBy(() -> RankingMetrics.recallAtK(ranked, 5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k 0");
    }

    private static int countTrue(boolean[] values, int limit) {
        int count = 0;
        for (int i = 0; i < values.length && i < limit; i++) {
            if (values[i]) {
                count++;
            }
        }
        return count;
    }

    /** Returns the 1-based rank of the first true element, or 0 when there is none. */
    private static int firstTrueRank(boolean[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i]) {
                return i + 1;
            }
        }
        return 0;
    }
}
