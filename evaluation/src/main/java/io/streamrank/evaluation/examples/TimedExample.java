package io.streamrank.evaluation.examples;

import io.streamrank.features.example.TrainingExample;

/**
 * A training example with the event time at which the label join emitted it, as it leaves the
 * Flink pipeline.
 *
 * @param example the example
 * @param labelTime the timestamp of the record that carried the example, epoch milliseconds
 */
record TimedExample(TrainingExample example, long labelTime) {}
