package io.streamrank.evaluation.protocol;

import java.util.Arrays;

/** Scores per {@link Head} and example index; an example that a protocol did not score has NaN. */
public final class ScoreTable {

    private final double[][] scores;

    public ScoreTable(int examples) {
        scores = new double[Head.values().length][examples];
        for (double[] head : scores) {
            Arrays.fill(head, Double.NaN);
        }
    }

    public void set(Head head, int index, double score) {
        scores[head.ordinal()][index] = score;
    }

    public double get(Head head, int index) {
        return scores[head.ordinal()][index];
    }

    public boolean isScored(int index) {
        return !Double.isNaN(scores[Head.RANKER_CLICK.ordinal()][index]);
    }

    public int size() {
        return scores[0].length;
    }
}
