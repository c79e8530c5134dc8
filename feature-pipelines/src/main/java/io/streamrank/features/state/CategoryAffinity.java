package io.streamrank.features.state;

import java.util.Arrays;

/**
 * A user's affinity for item categories: per category, the decayed sum of the weights of the
 * user's events on items of that category, kept for the K categories with the highest scores.
 *
 * <p>The score of category c at time T is {@code sum of w(e) * exp(-(T - t(e)) / tau)} over the
 * events e on c, with w the weight of the event's type and tau the affinity time constant.
 * Scores are stored as of {@link #asOf()}, the latest event time added, and move to a later time
 * by one common factor, which leaves their order unchanged. An event older than asOf adds its
 * weight as of asOf, so while no category is evicted the scores do not depend on the order in
 * which events arrive.
 *
 * <p>The bound: after each event at most K categories remain, those with the highest scores; on a
 * tie the lower category id stays. The category of the event itself can be the one dropped. A
 * category that was dropped starts again from zero when it comes back, which makes the kept set
 * depend on the order of events once evictions happen.
 *
 * <p>Entries are sorted by descending score, ties by ascending category id, so equal affinities
 * have equal arrays. Instances are immutable; the arrays must not be modified.
 *
 * @param asOf event time of the latest event added, epoch milliseconds, or -1 without events
 * @param categories the kept categories, in entry order
 * @param scores their scores as of asOf, aligned with categories
 */
public record CategoryAffinity(long asOf, long[] categories, double[] scores) {

    public static final CategoryAffinity EMPTY = new CategoryAffinity(Decay.NEVER, new long[0], new double[0]);

    public int size() {
        return categories.length;
    }

    /**
     * Returns the affinity after an event on {@code category} at {@code time} with weight
     * {@code weight}, keeping at most {@code maxCategories} categories.
     */
    public CategoryAffinity add(long category, double weight, long time, double timeConstantMillis, int maxCategories) {
        double factor = Decay.factor(asOf, time, timeConstantMillis);
        double contribution = weight * Decay.weightOf(time, asOf, timeConstantMillis);
        int index = indexOf(category);
        int size = index >= 0 ? categories.length : categories.length + 1;

        long[] newCategories = Arrays.copyOf(categories, size);
        double[] newScores = new double[size];
        for (int i = 0; i < scores.length; i++) {
            newScores[i] = scores[i] * factor;
        }
        if (index < 0) {
            index = size - 1;
            newCategories[index] = category;
        }
        newScores[index] += contribution;

        sortByScore(newCategories, newScores);
        if (size > maxCategories) {
            newCategories = Arrays.copyOf(newCategories, maxCategories);
            newScores = Arrays.copyOf(newScores, maxCategories);
        }
        return new CategoryAffinity(Math.max(asOf, time), newCategories, newScores);
    }

    /** Returns the score of {@code category} at {@code time}, 0 when it is not kept or unknown (negative). */
    public double score(long category, long time, double timeConstantMillis) {
        int index = category < 0 ? -1 : indexOf(category);
        return index < 0 ? 0.0 : scores[index] * Decay.factor(asOf, time, timeConstantMillis);
    }

    /** Returns the sum of the kept scores at {@code time}. */
    public double total(long time, double timeConstantMillis) {
        double sum = 0.0;
        for (double score : scores) {
            sum += score;
        }
        return sum * Decay.factor(asOf, time, timeConstantMillis);
    }

    private int indexOf(long category) {
        for (int i = 0; i < categories.length; i++) {
            if (categories[i] == category) {
                return i;
            }
        }
        return -1;
    }

    /** Insertion sort: the arrays are sorted but for the one entry that changed, so this is linear. */
    private static void sortByScore(long[] categories, double[] scores) {
        for (int i = 1; i < categories.length; i++) {
            long category = categories[i];
            double score = scores[i];
            int j = i - 1;
            while (j >= 0 && precedes(category, score, categories[j], scores[j])) {
                categories[j + 1] = categories[j];
                scores[j + 1] = scores[j];
                j--;
            }
            categories[j + 1] = category;
            scores[j + 1] = score;
        }
    }

    private static boolean precedes(long category, double score, long otherCategory, double otherScore) {
        return score > otherScore || (score == otherScore && category < otherCategory);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CategoryAffinity that
                && asOf == that.asOf
                && Arrays.equals(categories, that.categories)
                && Arrays.equals(scores, that.scores);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(asOf) * 31 + Arrays.hashCode(categories);
    }

    @Override
    public String toString() {
        return "CategoryAffinity{asOf=" + asOf + ", categories=" + Arrays.toString(categories)
                + ", scores=" + Arrays.toString(scores) + "}";
    }
}
