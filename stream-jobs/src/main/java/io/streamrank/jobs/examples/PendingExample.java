package io.streamrank.jobs.examples;

import io.streamrank.features.example.TrainingExample;

/**
 * An exposure waiting for its labels.
 *
 * @param draft the example with the labels seen so far
 * @param deadline the last event time whose click or purchase still counts for this example. The
 *     example is emitted once the watermark has passed it by more than the allowed lateness.
 */
public record PendingExample(TrainingExample draft, long deadline) {}
