package io.streamrank.evaluation.report;

import io.streamrank.evaluation.examples.LabeledExample;
import io.streamrank.features.example.TrainingExample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * How mixed the mini-batches of a learning order are: distinct users per batch and the spread of
 * the batches' click and purchase rates. Measured once in the given order and once in a seeded
 * shuffle of the same examples, the order a batch retrain learns in. Batches that come from few
 * users, or whose label rates spread far more than a shuffle's, give gradients that swing from
 * batch to batch; that is one way online learning in stream order can fall behind a retrain.
 *
 * @param batchSize examples per batch; a last partial batch is left out
 * @param batches full batches measured
 * @param distinctUsers mean number of distinct users per batch, in the given order
 * @param shuffledDistinctUsers the same over the shuffled examples
 * @param clickRateSpread standard deviation of the batches' click rates, in the given order
 * @param shuffledClickRateSpread the same over the shuffled examples
 * @param purchaseRateSpread standard deviation of the batches' purchase rates, in the given order
 * @param shuffledPurchaseRateSpread the same over the shuffled examples
 */
public record BatchComposition(
        int batchSize,
        int batches,
        double distinctUsers,
        double shuffledDistinctUsers,
        double clickRateSpread,
        double shuffledClickRateSpread,
        double purchaseRateSpread,
        double shuffledPurchaseRateSpread) {

    /** Measures {@code examples} in their order and shuffled with {@code seed}. */
    public static BatchComposition of(List<LabeledExample> examples, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size is " + batchSize + "; expected at least 1");
        }
        List<TrainingExample> ordered = new ArrayList<>(examples.size());
        for (LabeledExample example : examples) {
            ordered.add(example.example());
        }
        List<TrainingExample> shuffled = new ArrayList<>(ordered);
        Collections.shuffle(shuffled, new Random(seed));
        Stats inOrder = Stats.of(ordered, batchSize);
        Stats inShuffle = Stats.of(shuffled, batchSize);
        return new BatchComposition(
                batchSize,
                inOrder.batches(),
                inOrder.distinctUsers(),
                inShuffle.distinctUsers(),
                inOrder.clickSpread(),
                inShuffle.clickSpread(),
                inOrder.purchaseSpread(),
                inShuffle.purchaseSpread());
    }

    /** The figures of one order; all 0 when there is no full batch. */
    private record Stats(int batches, double distinctUsers, double clickSpread, double purchaseSpread) {

        static Stats of(List<TrainingExample> examples, int batchSize) {
            int batches = examples.size() / batchSize;
            if (batches == 0) {
                return new Stats(0, 0, 0, 0);
            }
            double users = 0;
            double[] clickRates = new double[batches];
            double[] purchaseRates = new double[batches];
            for (int batch = 0; batch < batches; batch++) {
                Set<Long> distinct = new HashSet<>();
                int clicks = 0;
                int purchases = 0;
                for (TrainingExample example : examples.subList(batch * batchSize, (batch + 1) * batchSize)) {
                    distinct.add(example.userId());
                    clicks += example.click() ? 1 : 0;
                    purchases += example.purchase() ? 1 : 0;
                }
                users += distinct.size();
                clickRates[batch] = (double) clicks / batchSize;
                purchaseRates[batch] = (double) purchases / batchSize;
            }
            return new Stats(batches, users / batches, standardDeviation(clickRates), standardDeviation(purchaseRates));
        }

        private static double standardDeviation(double[] values) {
            double mean = 0;
            for (double value : values) {
                mean += value / values.length;
            }
            double squares = 0;
            for (double value : values) {
                squares += (value - mean) * (value - mean);
            }
            return Math.sqrt(squares / values.length);
        }
    }
}
