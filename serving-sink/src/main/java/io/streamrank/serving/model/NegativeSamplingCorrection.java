package io.streamrank.serving.model;

import java.util.Map;

/**
 * Undoes the shift that negative downsampling puts into a model's probabilities.
 *
 * <p>When the job keeps each negative (non-clicked) example with probability {@code w} and every
 * positive one, a model fits the odds of the thinned stream, which are the true odds divided by
 * {@code w}. A predicted click probability {@code p} maps back to the probability on the full
 * stream as
 *
 * <pre>  q = p / (p + (1 - p) / w)</pre>
 *
 * the re-calibration after negative downsampling given by He et al., "Practical Lessons from
 * Predicting Clicks on Ads at Facebook" (ADKDD 2014).
 *
 * <p>Purchases imply clicks, so every purchase is kept, but the non-clicked examples that fill
 * the denominator are thinned. The purchase probability {@code r} on the thinned stream therefore
 * maps back as {@code r * w / (1 - p + p * w)}, which equals {@code r * q / p}. This assumes that
 * the click and purchase outputs describe the same thinned stream, and they do, because both
 * are trained on it.
 *
 * <p>Edge cases: {@code w = 1} returns the inputs unchanged; {@code p = 0} gives 0 and
 * {@code p = 1} gives 1 for clicks; NaN stays NaN. Inputs outside [0, 1] are not checked, because
 * the models' outputs are sigmoids.
 */
public final class NegativeSamplingCorrection {

    /** Manifest setting with the share of negatives the trainers saw, in (0, 1]. */
    public static final String KEEP_RATE_SETTING = "sampling.negative_keep_rate";

    private NegativeSamplingCorrection() {}

    /**
     * Returns the keep rate of a snapshot's settings, or 1 when the setting is absent (snapshots
     * written before the setting existed, when nothing was dropped).
     *
     * @throws IllegalArgumentException when the setting is not a number in (0, 1]
     */
    public static double keepRate(Map<String, String> settings) {
        String text = settings.get(KEEP_RATE_SETTING);
        if (text == null) {
            return 1.0;
        }
        double keepRate;
        try {
            keepRate = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "setting " + KEEP_RATE_SETTING + " is '" + text + "'; expected a number in (0, 1]", e);
        }
        return requireKeepRate(keepRate);
    }

    /**
     * Returns {@code keepRate} when it is in (0, 1].
     *
     * @throws IllegalArgumentException naming the value and the valid range otherwise
     */
    public static double requireKeepRate(double keepRate) {
        if (!(keepRate > 0.0 && keepRate <= 1.0)) {
            throw new IllegalArgumentException(
                    "negative keep rate is " + keepRate + "; expected a number in (0, 1], where 1 keeps every negative");
        }
        return keepRate;
    }

    /** Returns the click probability on the full stream for {@code p} predicted on the thinned stream. */
    public static double click(double p, double keepRate) {
        if (keepRate == 1.0) {
            return p;
        }
        return p / (p + (1.0 - p) / keepRate);
    }

    /**
     * Returns the purchase probability on the full stream for {@code purchase} predicted on the
     * thinned stream, where {@code click} is the click probability predicted for the same row.
     */
    public static double purchase(double purchase, double click, double keepRate) {
        if (keepRate == 1.0) {
            return purchase;
        }
        return purchase * keepRate / (1.0 - click + click * keepRate);
    }
}
