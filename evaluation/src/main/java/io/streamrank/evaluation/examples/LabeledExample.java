package io.streamrank.evaluation.examples;

import io.streamrank.features.example.TrainingExample;

/**
 * A training example as the job's label join emitted it, with the time its labels became known
 * and the request it belongs to.
 *
 * @param example the example with its point-in-time features and labels
 * @param labelTime event time in epoch milliseconds at which the label join emitted the example,
 *     which is the end of its click or purchase window or the purchase that completed it. It is
 *     never before {@code example.eventTime()}.
 * @param requestId the request whose response contained the exposure: the impression's request id,
 *     or for an example opened by a click or purchase, the request of the impressions sampled for
 *     that click
 */
public record LabeledExample(TrainingExample example, long labelTime, String requestId) {

    public long eventTime() {
        return example.eventTime();
    }
}
