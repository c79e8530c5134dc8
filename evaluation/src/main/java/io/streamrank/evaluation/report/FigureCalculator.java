package io.streamrank.evaluation.report;

import io.streamrank.evaluation.examples.ExampleSet;
import io.streamrank.evaluation.protocol.Head;
import io.streamrank.evaluation.protocol.ScoreTable;
import io.streamrank.metrics.Calibration;
import io.streamrank.metrics.ClassificationMetrics;
import io.streamrank.metrics.ProgressiveMetrics;
import io.streamrank.metrics.RankingMetrics;
import io.streamrank.metrics.ReliabilityCurve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Computes {@link Figures} from scores with the {@code io.streamrank.metrics} library.
 *
 * <p>Ranking figures treat each request (a click with the impressions sampled for it) as a ranked
 * list: its examples sorted by descending score, relevant where the head's label is positive.
 * Equal scores put the non-relevant example first, so ties never flatter a model. Requests with a
 * single example or without a positive are skipped, because every order ranks them the same.
 */
public final class FigureCalculator {

    private final List<Integer> cutoffs;
    private final int calibrationBins;

    /**
     * @param cutoffs the k of NDCG@k, recall@k and hit rate@k, each at least 1
     * @param calibrationBins equal-width bins of the ECE and the reliability curve, at least 1
     */
    public FigureCalculator(List<Integer> cutoffs, int calibrationBins) {
        if (cutoffs.isEmpty() || cutoffs.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("cutoffs are " + cutoffs + "; expected one or more values of at least 1");
        }
        if (calibrationBins < 1) {
            throw new IllegalArgumentException("calibration bins are " + calibrationBins + "; expected at least 1");
        }
        this.cutoffs = List.copyOf(cutoffs);
        this.calibrationBins = calibrationBins;
    }

    public List<Integer> cutoffs() {
        return cutoffs;
    }

    public int calibrationBins() {
        return calibrationBins;
    }

    /**
     * Computes the figures of {@code head} on the examples at {@code indices}.
     *
     * @throws IllegalArgumentException if one of those examples has no score
     */
    public Figures compute(ExampleSet set, int[] indices, ScoreTable scores, Head head) {
        int n = indices.length;
        double[] predictions = new double[n];
        boolean[] labels = new boolean[n];
        long[] users = new long[n];
        ProgressiveMetrics totals = new ProgressiveMetrics();
        long positives = 0;
        for (int i = 0; i < n; i++) {
            int index = indices[i];
            if (!scores.isScored(index)) {
                throw new IllegalArgumentException("example " + set.get(index).example().eventId()
                        + " at index " + index + " has no score for " + head.id());
            }
            predictions[i] = scores.get(head, index);
            labels[i] = head.label(set.get(index).example());
            users[i] = set.get(index).example().userId();
            totals.add(predictions[i], labels[i]);
            if (labels[i]) {
                positives++;
            }
        }

        ReliabilityCurve reliability = Calibration.reliabilityCurve(predictions, labels, calibrationBins);
        List<Request> requests = requests(set, indices, predictions, labels);
        List<boolean[]> rankedLists = new ArrayList<>(requests.size());
        List<double[]> rankedRelevance = new ArrayList<>(requests.size());
        for (Request request : requests) {
            rankedLists.add(request.rankedRelevant());
            rankedRelevance.add(request.rankedGain());
        }

        Map<Integer, OptionalDouble> ndcg = new LinkedHashMap<>();
        Map<Integer, OptionalDouble> recall = new LinkedHashMap<>();
        Map<Integer, OptionalDouble> hitRate = new LinkedHashMap<>();
        for (int k : cutoffs) {
            ndcg.put(k, RankingMetrics.meanNdcgAtK(rankedRelevance, k));
            recall.put(k, meanRecall(requests, k));
            hitRate.put(k, RankingMetrics.hitRateAtK(rankedLists, k));
        }

        return new Figures(
                n,
                positives,
                totals.positiveRate(),
                totals.meanPrediction(),
                ClassificationMetrics.auc(predictions, labels),
                ClassificationMetrics.groupAuc(users, predictions, labels),
                ClassificationMetrics.logLoss(predictions, labels),
                ClassificationMetrics.normalizedEntropy(predictions, labels),
                reliability.expectedCalibrationError(),
                reliability,
                requests.size(),
                RankingMetrics.meanReciprocalRank(rankedLists),
                ndcg,
                recall,
                hitRate);
    }

    /** One request's examples in ranked order. */
    private record Request(boolean[] rankedRelevant, int relevantCount) {

        double[] rankedGain() {
            double[] gain = new double[rankedRelevant.length];
            for (int i = 0; i < gain.length; i++) {
                gain[i] = rankedRelevant[i] ? 1.0 : 0.0;
            }
            return gain;
        }
    }

    private static List<Request> requests(ExampleSet set, int[] indices, double[] predictions, boolean[] labels) {
        Map<String, List<Integer>> positionsByRequest = new LinkedHashMap<>();
        for (int i = 0; i < indices.length; i++) {
            positionsByRequest.computeIfAbsent(set.get(indices[i]).requestId(), ignored -> new ArrayList<>()).add(i);
        }

        Comparator<Integer> byScoreThenIrrelevantFirst = Comparator
                .comparingDouble((Integer position) -> -predictions[position])
                .thenComparing(position -> labels[position]);
        List<Request> requests = new ArrayList<>();
        for (List<Integer> positions : positionsByRequest.values()) {
            int relevant = (int) positions.stream().filter(position -> labels[position]).count();
            if (positions.size() < 2 || relevant == 0) {
                continue;
            }
            positions.sort(byScoreThenIrrelevantFirst);
            boolean[] ranked = new boolean[positions.size()];
            for (int rank = 0; rank < ranked.length; rank++) {
                ranked[rank] = labels[positions.get(rank)];
            }
            requests.add(new Request(ranked, relevant));
        }
        return requests;
    }

    private static OptionalDouble meanRecall(List<Request> requests, int k) {
        if (requests.isEmpty()) {
            return OptionalDouble.empty();
        }
        double sum = 0.0;
        for (Request request : requests) {
            sum += RankingMetrics.recallAtK(request.rankedRelevant(), request.relevantCount(), k).orElse(0.0);
        }
        return OptionalDouble.of(sum / requests.size());
    }
}
