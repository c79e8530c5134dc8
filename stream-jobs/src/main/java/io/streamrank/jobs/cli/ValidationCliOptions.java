package io.streamrank.jobs.cli;

import io.streamrank.jobs.train.ValidationOptions;

import picocli.CommandLine.Option;

import java.time.Duration;

/** Options of the trainers' progressive validation, shared by the commands that run the job. */
final class ValidationCliOptions {

    @Option(names = "--validation-window", defaultValue = "3600",
            description = "Seconds of event time over which the trainers report windowed AUC and log loss (default: ${DEFAULT-VALUE}).")
    long windowSeconds;

    @Option(names = "--validation-buckets", defaultValue = "12",
            description = "Buckets of the validation window, which moves forward one bucket at a time; must divide the window (default: ${DEFAULT-VALUE}).")
    int windowBuckets;

    @Option(names = "--validation-versions", defaultValue = "8",
            description = "Number of most recent published model versions whose progressive figures the trainers keep (default: ${DEFAULT-VALUE}).")
    int versionsKept;

    /**
     * Returns the options as set on the command line.
     *
     * @throws IllegalArgumentException if a value is out of range, see {@link ValidationOptions}
     */
    ValidationOptions validationOptions() {
        if (windowSeconds <= 0) {
            throw new IllegalArgumentException(
                    "option '--validation-window' is " + windowSeconds + "; expected a positive number of seconds");
        }
        if (windowBuckets < 1 || windowBuckets > ValidationOptions.MAX_WINDOW_BUCKETS) {
            throw new IllegalArgumentException("option '--validation-buckets' is " + windowBuckets + "; expected 1 to "
                    + ValidationOptions.MAX_WINDOW_BUCKETS);
        }
        if (Duration.ofSeconds(windowSeconds).toMillis() % windowBuckets != 0) {
            throw new IllegalArgumentException("option '--validation-buckets' is " + windowBuckets
                    + "; expected a divisor of the window of " + windowSeconds + " s in milliseconds");
        }
        if (versionsKept < 1 || versionsKept > ValidationOptions.MAX_VERSIONS_KEPT) {
            throw new IllegalArgumentException("option '--validation-versions' is " + versionsKept + "; expected 1 to "
                    + ValidationOptions.MAX_VERSIONS_KEPT);
        }
        return new ValidationOptions(Duration.ofSeconds(windowSeconds).toMillis(), windowBuckets, versionsKept);
    }
}
