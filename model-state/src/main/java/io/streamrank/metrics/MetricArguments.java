package io.streamrank.metrics;

/**
 * Argument checks shared by the metric classes. Each check throws {@link IllegalArgumentException}
 * with a message that names the argument, its value and the expected range.
 */
final class MetricArguments {

    private MetricArguments() {}

    /** Throws unless {@code value} is a probability in [0, 1]. NaN is rejected. */
    static void checkProbability(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(
                    "Invalid " + name + " " + value + ": expected a probability in [0, 1]");
        }
    }

    /** Throws unless {@code weight} is finite and greater than 0. */
    static void checkWeight(double weight) {
        if (!(weight > 0.0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    "Invalid weight " + weight + ": expected a finite value greater than 0");
        }
    }

    /** Throws unless {@code k} is at least 1. */
    static void checkCutoff(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("Invalid cutoff k " + k + ": expected k >= 1");
        }
    }

    /** Throws unless two parallel arrays have the same length. */
    static void checkSameLength(String firstName, int firstLength, String secondName, int secondLength) {
        if (firstLength != secondLength) {
            throw new IllegalArgumentException(
                    "Mismatched lengths: " + firstName + " has " + firstLength + " elements but "
                            + secondName + " has " + secondLength + ", expected the same length");
        }
    }

    /** Throws unless {@code count} is at least 0. */
    static void checkNonNegative(String name, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("Invalid " + name + " " + count + ": expected a value >= 0");
        }
    }
}
