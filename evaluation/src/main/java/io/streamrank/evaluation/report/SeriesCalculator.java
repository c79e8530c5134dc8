package io.streamrank.evaluation.report;

import io.streamrank.evaluation.examples.ExampleSet;
import io.streamrank.evaluation.protocol.Head;
import io.streamrank.evaluation.protocol.Period;
import io.streamrank.evaluation.protocol.ScoreTable;
import io.streamrank.metrics.ClassificationMetrics;
import io.streamrank.metrics.ProgressiveMetrics;
import io.streamrank.metrics.WindowedProgressiveMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns progressive scores into figures over time: one point per period of event time that has
 * examples, with the period's own figures, the cumulative figures and those of a sliding window.
 *
 * <p>The cumulative and window figures follow the learning order, as a trainer's metrics would:
 * a point shows what had been scored when the first example of a later period arrived.
 */
public final class SeriesCalculator {

    /**
     * AUC histogram bins of the cumulative and window metrics. Their AUC differs from the exact one
     * by at most {@link ProgressiveMetrics#aucErrorBound()}, which shrinks as bins are added.
     */
    private static final int AUC_BINS = 2_000;

    private final long periodMillis;
    private final long windowMillis;
    private final int windowBuckets;

    /**
     * @param periodMillis length of a period
     * @param windowMillis length of the sliding window
     * @param windowBuckets buckets of the window, which must divide its length
     */
    public SeriesCalculator(long periodMillis, long windowMillis, int windowBuckets) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("period is " + periodMillis + " ms; expected a positive length");
        }
        new WindowedProgressiveMetrics(windowMillis, windowBuckets, 1);
        this.periodMillis = periodMillis;
        this.windowMillis = windowMillis;
        this.windowBuckets = windowBuckets;
    }

    public long windowMillis() {
        return windowMillis;
    }

    /** Computes the series of {@code head} from scores that cover every example. */
    public List<SeriesPoint> series(ExampleSet set, ScoreTable scores, Head head) {
        TreeMap<Long, List<Integer>> indicesByPeriod = new TreeMap<>();
        for (int i = 0; i < set.size(); i++) {
            long start = Period.containing(set.get(i).eventTime(), periodMillis).start();
            indicesByPeriod.computeIfAbsent(start, ignored -> new ArrayList<>()).add(i);
        }

        ProgressiveMetrics cumulative = new ProgressiveMetrics(AUC_BINS);
        WindowedProgressiveMetrics window = new WindowedProgressiveMetrics(windowMillis, windowBuckets, AUC_BINS);
        List<SeriesPoint> points = new ArrayList<>();
        Map.Entry<Long, List<Integer>> current = indicesByPeriod.firstEntry();
        for (int i = 0; i < set.size() && current != null; i++) {
            long eventTime = set.get(i).eventTime();
            while (current != null && eventTime >= current.getKey() + periodMillis) {
                points.add(point(set, scores, head, current, cumulative, window));
                current = indicesByPeriod.higherEntry(current.getKey());
            }
            double score = scores.get(head, i);
            boolean label = head.label(set.get(i).example());
            cumulative.add(score, label);
            window.add(score, label, eventTime);
        }
        while (current != null) {
            points.add(point(set, scores, head, current, cumulative, window));
            current = indicesByPeriod.higherEntry(current.getKey());
        }
        return points;
    }

    private SeriesPoint point(
            ExampleSet set,
            ScoreTable scores,
            Head head,
            Map.Entry<Long, List<Integer>> period,
            ProgressiveMetrics cumulative,
            WindowedProgressiveMetrics window) {
        List<Integer> indices = period.getValue();
        double[] predictions = new double[indices.size()];
        boolean[] labels = new boolean[indices.size()];
        for (int i = 0; i < indices.size(); i++) {
            predictions[i] = scores.get(head, indices.get(i));
            labels[i] = head.label(set.get(indices.get(i)).example());
        }
        long end = period.getKey() + periodMillis;
        window.advanceTo(end - 1);
        ProgressiveMetrics windowed = window.window();
        return new SeriesPoint(
                period.getKey(),
                end,
                indices.size(),
                ClassificationMetrics.auc(predictions, labels),
                ClassificationMetrics.logLoss(predictions, labels),
                cumulative.auc(),
                cumulative.logLoss(),
                windowed.auc(),
                windowed.logLoss());
    }
}
