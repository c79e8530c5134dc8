package io.streamrank.evaluation.examples;

import java.util.Locale;

/**
 * The order in which the protocols learn from examples, and with it the time at which an example
 * counts as available for training.
 */
public enum LearningOrder {

    /**
     * By the exposure's event time. A learner then gets an example's labels up to one click or
     * purchase window earlier than the job's trainers, which receive the example when the label
     * join emits it.
     */
    EVENT_TIME("event-time"),

    /** By the time the label join emitted the example, the order in which the job's trainers learn. */
    LABEL_TIME("label-time");

    private final String cliName;

    LearningOrder(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Returns the time at which {@code example} becomes available for training in this order. */
    public long key(LabeledExample example) {
        return this == EVENT_TIME ? example.eventTime() : example.labelTime();
    }

    /**
     * Returns the order with the given command-line name.
     *
     * @throws IllegalArgumentException naming the value and the valid names when it is unknown
     */
    public static LearningOrder fromName(String name) {
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        for (LearningOrder order : values()) {
            if (order.cliName.equals(normalized)) {
                return order;
            }
        }
        throw new IllegalArgumentException(
                "unknown learning order '" + name + "'; expected event-time or label-time");
    }
}
