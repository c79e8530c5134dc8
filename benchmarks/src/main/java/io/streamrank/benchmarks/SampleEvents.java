package io.streamrank.benchmarks;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.GlobalRates;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;

import java.util.SplittableRandom;

/**
 * Seeded synthetic events of one user and one item, and the feature values after a given number
 * of them, so that a benchmark can start from a user with a long history as well as from a new one.
 */
final class SampleEvents {

    static final long USER = 1_001L;
    static final long ITEM = 2_002L;

    /** Event time of the first event, 2017-11-25 00:00 UTC, within the time range of the Taobao data. */
    private static final long START_MILLIS = 1_511_568_000_000L;
    private static final long MAX_GAP_MILLIS = 600_000L;
    private static final EventType[] TYPES = EventType.values();

    private SampleEvents() {}

    /**
     * Returns {@code count} events in event-time order, up to ten minutes apart, of the user on
     * random items of 50 categories; every fourth event is on {@link #ITEM}.
     */
    static Event[] events(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Event[] events = new Event[count];
        long time = START_MILLIS;
        for (int i = 0; i < count; i++) {
            time += random.nextLong(1, MAX_GAP_MILLIS);
            long item = i % 4 == 0 ? ITEM : random.nextLong(1, 1_000_000);
            long category = item == ITEM ? 7 : random.nextLong(0, 50);
            EventType type = TYPES[random.nextInt(TYPES.length)];
            events[i] = type == EventType.IMPRESSION
                    ? Event.impression("e" + i, USER, item, category, time, "r" + i, i % 10, true)
                    : Event.engagement("e" + i, type, USER, item, category, time);
        }
        return events;
    }

    /** Returns the user's features after all of {@code events}. */
    static UserFeatures user(Event[] events, FeatureOptions options) {
        UserFeatures user = UserFeatures.empty(USER);
        for (Event event : events) {
            user = user.apply(event, options);
        }
        return user;
    }

    /** Returns {@link #ITEM}'s features after those of {@code events} that are about it. */
    static ItemFeatures item(Event[] events, FeatureOptions options) {
        ItemFeatures item = ItemFeatures.empty(ITEM);
        GlobalRates rates = GlobalRates.NONE;
        for (Event event : events) {
            rates = rates.apply(event, options);
            if (event.itemId() == ITEM) {
                item = item.apply(event, rates, options);
            }
        }
        return item;
    }
}
