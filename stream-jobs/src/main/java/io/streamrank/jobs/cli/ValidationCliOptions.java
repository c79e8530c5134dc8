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
        return new ValidationOptions(Duration.ofSeconds(windowSeconds).toMillis(), windowBuckets, versionsKept);
    }
}
