package io.streamrank.evaluation.protocol;

/** Receives every mini-batch a protocol trains on, so that tests can audit what each model learned. */
@FunctionalInterface
public interface LearningListener {

    LearningListener NONE = batch -> { };

    void learned(LearnedBatch batch);
}
