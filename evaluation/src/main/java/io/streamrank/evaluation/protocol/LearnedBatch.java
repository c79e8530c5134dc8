package io.streamrank.evaluation.protocol;

import io.streamrank.evaluation.examples.LabeledExample;

import java.util.List;

/**
 * A mini-batch that a protocol passed to the learners, as reported to a {@link LearningListener}.
 *
 * @param run which model learned it: {@code online} or {@code daily@<period start>}
 * @param config the configuration's name
 * @param availableBefore the time before which every example of the batch must be available, in
 *     the protocol's learning order: the split time for the online model's batches that the
 *     offline model also learned, the period start for a daily model, else {@link Long#MAX_VALUE}
 * @param examples the examples of the batch
 */
public record LearnedBatch(String run, String config, long availableBefore, List<LabeledExample> examples) {}
