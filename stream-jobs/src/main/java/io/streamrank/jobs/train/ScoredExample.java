package io.streamrank.jobs.train;

import io.streamrank.features.example.TrainingExample;

/**
 * A training example with the ranker's click probability from before it learned from it, the
 * teacher signal of the pre-ranker.
 *
 * @param example the example
 * @param teacherClick the ranker's click probability
 */
public record ScoredExample(TrainingExample example, double teacherClick) {}
