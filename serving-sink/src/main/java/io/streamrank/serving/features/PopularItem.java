package io.streamrank.serving.features;

/**
 * An item of the popularity index.
 *
 * @param itemId the item
 * @param decayedClicks the item's decayed click count moved to the time of the query
 */
public record PopularItem(long itemId, double decayedClicks) {}
