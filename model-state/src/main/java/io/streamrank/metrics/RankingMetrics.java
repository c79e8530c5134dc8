package io.streamrank.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Metrics of ranked lists, such as the slate served for one request.
 *
 * <p>A ranked list is an array in rank order: element 0 is the item at rank 1. Binary metrics
 * take a {@code boolean[]} that marks the relevant items (for example the clicked ones), and NDCG
 * takes the graded relevance of each item. Every metric with a cutoff k looks only at the first
 * {@code min(k, n)} items of a list of n items, so k may exceed the list length. Null arrays and
 * null list elements throw {@link NullPointerException}.
 */
public final class RankingMetrics {

    /**
     * Largest graded relevance accepted by the NDCG methods. It keeps every gain
     * {@code 2^rel - 1} below 2^64, so the DCG of any array stays finite.
     */
    public static final double MAX_RELEVANCE = 64.0;

    private static final double LN_2 = Math.log(2.0);

    private RankingMetrics() {}

    /**
     * Computes the discounted cumulative gain at k:
     * {@code DCG@k = Σ_{i=1}^{min(k, n)} (2^rel_i - 1) / log2(i + 1)}, where rel_i is the relevance
     * of the item at rank i. An empty list has DCG 0.
     *
     * @param rankedRelevance the graded relevance of each item in rank order, 0 for irrelevant
     * @throws IllegalArgumentException if {@code k < 1} or a relevance is NaN or outside
     *     [0, {@link #MAX_RELEVANCE}]
     */
    public static double dcgAtK(double[] rankedRelevance, int k) {
        MetricArguments.checkCutoff(k);
        checkRelevance("rankedRelevance", rankedRelevance);
        return dcgOfChecked(rankedRelevance, k);
    }

    /**
     * Computes the normalized DCG at k, {@code NDCG@k = DCG@k / IDCG@k}, where IDCG@k is the
     * DCG@k of the same relevance values sorted in descending order. Use
     * {@link #ndcgAtK(double[], double[], int)} when relevant items may be missing from the list.
     *
     * @return NDCG@k in [0, 1], or empty when IDCG@k is 0, which happens when the list has no item
     *     with relevance above 0 (this includes an empty list)
     * @throws IllegalArgumentException if {@code k < 1} or a relevance is NaN or outside
     *     [0, {@link #MAX_RELEVANCE}]
     */
    public static OptionalDouble ndcgAtK(double[] rankedRelevance, int k) {
        return ndcgAtK(rankedRelevance, rankedRelevance, k);
    }

    /**
     * Computes the normalized DCG at k, {@code NDCG@k = DCG@k / IDCG@k}, where IDCG@k is the DCG@k
     * of {@code judgedRelevance} sorted in descending order. {@code judgedRelevance} contains the
     * relevance of every judged item of the query, in any order, whether ranked or not. It must
     * include the items of the ranked list, otherwise the result can exceed 1. This method does
     * not check that, because the arrays carry no item identities.
     *
     * @return NDCG@k, or empty when IDCG@k is 0, which happens when no judged item has relevance
     *     above 0
     * @throws IllegalArgumentException if {@code k < 1} or a relevance is NaN or outside
     *     [0, {@link #MAX_RELEVANCE}]
     */
    public static OptionalDouble ndcgAtK(double[] rankedRelevance, double[] judgedRelevance, int k) {
        MetricArguments.checkCutoff(k);
        checkRelevance("rankedRelevance", rankedRelevance);
        checkRelevance("judgedRelevance", judgedRelevance);

        double[] ideal = judgedRelevance.clone();
        Arrays.sort(ideal);
        reverse(ideal);
        double idealDcg = dcgOfChecked(ideal, k);
        if (idealDcg == 0.0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(dcgOfChecked(rankedRelevance, k) / idealDcg);
    }

    /**
     * Computes the mean of {@link #ndcgAtK(double[], int)} over lists. Lists whose NDCG is undefined,
     * because they contain no relevant item, are skipped.
     *
     * @return the mean NDCG@k, or empty when no list has a defined NDCG (this includes no lists)
     * @throws IllegalArgumentException as {@link #ndcgAtK(double[], int)} does
     */
    public static OptionalDouble meanNdcgAtK(List<double[]> rankedRelevanceLists, int k) {
        MetricArguments.checkCutoff(k);
        double sum = 0.0;
        int defined = 0;
        for (double[] rankedRelevance : rankedRelevanceLists) {
            OptionalDouble ndcg = ndcgAtK(rankedRelevance, k);
            if (ndcg.isPresent()) {
                sum += ndcg.getAsDouble();
                defined++;
            }
        }
        return defined == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / defined);
    }

    /**
     * Computes the reciprocal rank, 1 / (rank of the first relevant item), over the whole list.
     *
     * @return the reciprocal rank in (0, 1], or 0 when the list contains no relevant item (this
     *     includes an empty list)
     */
    public static double reciprocalRank(boolean[] rankedRelevant) {
        return reciprocalRank(rankedRelevant, Integer.MAX_VALUE);
    }

    /**
     * Computes the reciprocal rank at k, 1 / (rank of the first relevant item) if that rank is at
     * most k.
     *
     * @return the reciprocal rank in (0, 1], or 0 when no relevant item is among the first k
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public static double reciprocalRank(boolean[] rankedRelevant, int k) {
        MetricArguments.checkCutoff(k);
        int end = Math.min(k, rankedRelevant.length);
        for (int i = 0; i < end; i++) {
            if (rankedRelevant[i]) {
                return 1.0 / (i + 1);
            }
        }
        return 0.0;
    }

    /**
     * Computes the mean reciprocal rank over lists, {@code MRR = (1/m) Σ_j reciprocalRank(list_j)}.
     * A list without a relevant item counts as 0.
     *
     * @return the MRR in [0, 1], or empty when there are no lists
     */
    public static OptionalDouble meanReciprocalRank(List<boolean[]> rankedLists) {
        if (rankedLists.isEmpty()) {
            return OptionalDouble.empty();
        }
        double sum = 0.0;
        for (boolean[] rankedRelevant : rankedLists) {
            sum += reciprocalRank(rankedRelevant);
        }
        return OptionalDouble.of(sum / rankedLists.size());
    }

    /**
     * Computes the recall at k: the number of relevant items among the first k, divided by the
     * number of relevant items for the query, ranked or not.
     *
     * @param relevantCount the number of relevant items for the query, including those missing
     *     from the list
     * @return recall@k in [0, 1], or empty when {@code relevantCount} is 0
     * @throws IllegalArgumentException if {@code k < 1}, or {@code relevantCount} is negative or
     *     smaller than the number of relevant items in the list
     */
    public static OptionalDouble recallAtK(boolean[] rankedRelevant, int relevantCount, int k) {
        MetricArguments.checkCutoff(k);
        int relevantInList = countRelevant(rankedRelevant, rankedRelevant.length);
        if (relevantCount < relevantInList) {
            throw new IllegalArgumentException(
                    "Invalid relevantCount " + relevantCount + ": expected at least the " + relevantInList
                            + " relevant items in the ranked list");
        }
        if (relevantCount == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) countRelevant(rankedRelevant, k) / relevantCount);
    }

    /**
     * Computes the precision at k: the number of relevant items among the first k, divided by k.
     * The divisor is k even when the list is shorter, because the missing slots hold no relevant
     * item. An empty list has precision 0.
     *
     * @return precision@k in [0, 1]
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public static double precisionAtK(boolean[] rankedRelevant, int k) {
        MetricArguments.checkCutoff(k);
        return (double) countRelevant(rankedRelevant, k) / k;
    }

    /**
     * Returns whether any of the first k items is relevant.
     *
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public static boolean hitAtK(boolean[] rankedRelevant, int k) {
        MetricArguments.checkCutoff(k);
        return countRelevant(rankedRelevant, k) > 0;
    }

    /**
     * Computes the hit rate at k: the share of lists with a relevant item among their first k.
     *
     * @return the hit rate in [0, 1], or empty when there are no lists
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public static OptionalDouble hitRateAtK(List<boolean[]> rankedLists, int k) {
        MetricArguments.checkCutoff(k);
        if (rankedLists.isEmpty()) {
            return OptionalDouble.empty();
        }
        int hits = 0;
        for (boolean[] rankedRelevant : rankedLists) {
            if (hitAtK(rankedRelevant, k)) {
                hits++;
            }
        }
        return OptionalDouble.of((double) hits / rankedLists.size());
    }

    private static double dcgOfChecked(double[] rankedRelevance, int k) {
        int end = Math.min(k, rankedRelevance.length);
        double dcg = 0.0;
        for (int i = 0; i < end; i++) {
            double gain = Math.pow(2.0, rankedRelevance[i]) - 1.0;
            double discount = Math.log(i + 2.0) / LN_2;
            dcg += gain / discount;
        }
        return dcg;
    }

    private static int countRelevant(boolean[] rankedRelevant, int k) {
        int end = Math.min(k, rankedRelevant.length);
        int count = 0;
        for (int i = 0; i < end; i++) {
            if (rankedRelevant[i]) {
                count++;
            }
        }
        return count;
    }

    private static void checkRelevance(String name, double[] relevance) {
        for (int i = 0; i < relevance.length; i++) {
            if (!(relevance[i] >= 0.0 && relevance[i] <= MAX_RELEVANCE)) {
                throw new IllegalArgumentException(
                        "Invalid relevance " + relevance[i] + " at index " + i + " of " + name
                                + ": expected a value in [0, " + MAX_RELEVANCE + "]");
            }
        }
    }

    private static void reverse(double[] values) {
        for (int left = 0, right = values.length - 1; left < right; left++, right--) {
            double swap = values[left];
            values[left] = values[right];
            values[right] = swap;
        }
    }
}
