package io.streamrank.jobs.examples;

import io.streamrank.features.example.TrainingExample;

/**
 * An exposure waiting for its labels.
 *
 * @param draft the example with the labels seen so far
 * @param deadline event time at which the example is emitted with the labels it has by then
 */
public record PendingExample(TrainingExample draft, long deadline) {}
