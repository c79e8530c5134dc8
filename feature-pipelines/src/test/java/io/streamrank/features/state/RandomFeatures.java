package io.streamrank.features.state;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import java.util.Random;

/** Feature values built by applying seeded random events, with every part of the value in use. */
public final class RandomFeatures {

    /** Settings with a small affinity bound, so that random users evict categories. */
    public static final FeatureOptions OPTIONS = FeatureOptions.DEFAULTS.toBuilder().affinityCategories(5).build();

    public static final long START = 1_700_000_000_000L;

    private RandomFeatures() {}

    /** Returns a user after up to 150 random events, about 20 minutes apart and partly out of order. */
    public static UserFeatures user(long userId, Random random) {
        UserFeatures user = UserFeatures.empty(userId);
        long time = START;
        for (int i = random.nextInt(150); i > 0; i--) {
            time += random.nextInt(1_800_000) - 300_000;
            user = user.apply(event(userId, random.nextInt(40), time, random), OPTIONS);
        }
        return user;
    }

    /** Returns an event of a random type on an item of a random category, -1 (unknown) included. */
    public static Event event(long userId, long itemId, long time, Random random) {
        EventType type = EventType.values()[random.nextInt(EventType.values().length)];
        long category = random.nextInt(10) - 1;
        return type == EventType.IMPRESSION
                ? Event.impression("i" + time, userId, itemId, category, time, "r" + time, random.nextInt(8), false)
                : Event.engagement("e" + time, type, userId, itemId, category, time);
    }
}
