package io.streamrank.serving;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.state.FeatureBinaryFormat;
import io.streamrank.features.state.FeatureCodec;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;

/** Builds feature values the way the features job does, by applying events. */
public final class TestFeatures {

    public static final FeatureCodec CODEC = new FeatureCodec();
    private static final FeatureBinaryFormat FORMAT = new FeatureBinaryFormat();
    public static final long START = 1_700_000_000_000L;

    private TestFeatures() {}

    /** Returns the value as the features job publishes it. */
    public static synchronized byte[] encode(UserFeatures features) {
        return FORMAT.encode(features);
    }

    /** Returns the value as the features job publishes it. */
    public static synchronized byte[] encode(ItemFeatures features) {
        return FORMAT.encode(features);
    }

    /** Returns a user who clicked {@code items} in order, one second apart, starting one second after {@link #START}. */
    public static UserFeatures userWhoClicked(long userId, long... items) {
        UserFeatures user = UserFeatures.empty(userId);
        long time = START;
        for (long item : items) {
            time += 1000;
            user = user.apply(
                    Event.engagement("u" + userId + "-" + item + "-" + time, EventType.CLICK, userId, item, 1L, time),
                    FeatureOptions.DEFAULTS);
        }
        return user;
    }

    /** Returns an item with {@code decayedClicks} clicks as of {@code asOf}, and a prior click rate of 0.1. */
    public static ItemFeatures item(long itemId, long asOf, double decayedClicks) {
        long[] counts = new long[EventType.values().length];
        counts[EventType.CLICK.ordinal()] = Math.round(decayedClicks);
        return new ItemFeatures(
                itemId, itemId % 7, asOf, 10 * decayedClicks, decayedClicks, decayedClicks / 10, counts, 0.1, 0.1);
    }
}
