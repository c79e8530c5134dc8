package io.streamrank.model.embedding;

/**
 * Layout of a stored embedding row: {@code dimension} weights, {@code dimension} Adagrad
 * accumulators, then the row's last-seen event time in two floats.
 *
 * <p>The time is split into {@code time >> 24} and {@code time & 0xFFFFFF}, two integers that a
 * float represents exactly. The raw bits of a long cannot travel in floats, because Flink's
 * {@code DataOutputSerializer.writeFloat} (Flink 2.2) and Java's {@code DataOutputStream} write
 * {@code Float.floatToIntBits}, which maps every NaN bit pattern to one. Times are clamped to
 * ±2<sup>47</sup> ms (about 4,400 years around 1970). A NaN in the first float means that the
 * time is unknown: the row was written before the table had an event-time clock, or under the
 * older layout of {@code 2 * dimension} floats, which {@link #upgrade} converts.
 */
public final class EmbeddingRow {

    /** Value of {@link #lastSeen} for a row whose last-seen time is unknown. */
    public static final long UNKNOWN_TIME = Long.MIN_VALUE;

    private static final int TIME_FLOATS = 2;
    private static final long MAX_TIME = (1L << 47) - 1;
    private static final long MIN_TIME = -(1L << 47);
    private static final long LOW_MASK = 0xFFFFFFL;

    private EmbeddingRow() {}

    /** Returns the number of floats of a stored row. */
    public static int length(int dimension) {
        return 2 * dimension + TIME_FLOATS;
    }

    /** Returns a copy of the first {@code dimension} floats of {@code row}, its weights. */
    public static float[] weights(float[] row, int dimension) {
        float[] weights = new float[dimension];
        System.arraycopy(row, 0, weights, 0, dimension);
        return weights;
    }

    /** Returns the last-seen event time of {@code row} in epoch milliseconds, or {@link #UNKNOWN_TIME}. */
    public static long lastSeen(float[] row, int dimension) {
        float high = row[2 * dimension];
        if (Float.isNaN(high)) {
            return UNKNOWN_TIME;
        }
        return ((long) high << 24) | (long) row[2 * dimension + 1];
    }

    /** Stores {@code time} as the last-seen time of {@code row}; {@link #UNKNOWN_TIME} marks it unknown. */
    public static void setLastSeen(float[] row, int dimension, long time) {
        if (time == UNKNOWN_TIME) {
            row[2 * dimension] = Float.NaN;
            row[2 * dimension + 1] = 0f;
            return;
        }
        long clamped = Math.max(MIN_TIME, Math.min(MAX_TIME, time));
        row[2 * dimension] = clamped >> 24;
        row[2 * dimension + 1] = clamped & LOW_MASK;
    }

    /**
     * Returns {@code row} in the current layout: itself when it has the current length, or a copy
     * with an unknown last-seen time when it has the older length of {@code 2 * dimension}.
     *
     * @throws IllegalArgumentException when the row has neither length
     */
    public static float[] upgrade(float[] row, int dimension) {
        if (row.length == length(dimension)) {
            return row;
        }
        if (row.length == 2 * dimension) {
            float[] upgraded = new float[length(dimension)];
            System.arraycopy(row, 0, upgraded, 0, row.length);
            setLastSeen(upgraded, dimension, UNKNOWN_TIME);
            return upgraded;
        }
        throw new IllegalArgumentException("stored row has " + row.length + " floats; expected "
                + length(dimension) + " (or " + 2 * dimension + " in the older layout) for dimension " + dimension);
    }
}
