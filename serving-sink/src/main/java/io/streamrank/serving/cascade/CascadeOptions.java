package io.streamrank.serving.cascade;

/**
 * Settings of the recommendation cascade.
 *
 * @param candidates maximum number of candidates taken from each source, the popularity index
 *     and the nearest items by pre-ranker embedding, before their union
 * @param prerankSize number of candidates the pre-ranker keeps for the ranker, raised to the
 *     number of items requested when that is larger
 * @param purchaseWeight weight w of the purchase probability in the final score
 *     {@code p_click + w * p_purchase}
 */
public record CascadeOptions(int candidates, int prerankSize, double purchaseWeight) {

    /** Number of items returned when a request does not set k. */
    public static final int DEFAULT_K = 10;

    /** Largest number of items a request may ask for. */
    public static final int MAX_K = 200;

    public static final int MAX_CANDIDATES = 100_000;

    public static final CascadeOptions DEFAULTS = new CascadeOptions(500, 200, 1.0);

    public CascadeOptions {
        if (candidates < 1 || candidates > MAX_CANDIDATES) {
            throw new IllegalArgumentException(
                    "candidates is " + candidates + "; expected a value from 1 to " + MAX_CANDIDATES);
        }
        if (prerankSize < 1 || prerankSize > MAX_CANDIDATES) {
            throw new IllegalArgumentException(
                    "prerankSize is " + prerankSize + "; expected a value from 1 to " + MAX_CANDIDATES);
        }
        if (!(purchaseWeight >= 0) || Double.isInfinite(purchaseWeight)) {
            throw new IllegalArgumentException(
                    "purchaseWeight is " + purchaseWeight + "; expected a finite number, zero or more");
        }
    }
}
