package io.streamrank.evaluation.protocol;

import io.streamrank.features.example.TrainingExample;

/** One scored output of the two models: the ranker's click and purchase heads, the pre-ranker's click. */
public enum Head {
    RANKER_CLICK("ranker", "click"),
    RANKER_PURCHASE("ranker", "purchase"),
    PRERANK_CLICK("prerank", "click");

    private final String model;
    private final String output;

    Head(String model, String output) {
        this.model = model;
        this.output = output;
    }

    public String model() {
        return model;
    }

    public String output() {
        return output;
    }

    /** Returns the name used in reports, such as {@code ranker.click}. */
    public String id() {
        return model + "." + output;
    }

    /** Returns the label this head predicts for {@code example}. */
    public boolean label(TrainingExample example) {
        return this == RANKER_PURCHASE ? example.purchase() : example.click();
    }
}
