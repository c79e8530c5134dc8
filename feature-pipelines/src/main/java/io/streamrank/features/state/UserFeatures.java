package io.streamrank.features.state;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.state.flink.FeatureTypes;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Arrays;

/**
 * Real-time features of one user, as of the event time of the last event applied.
 *
 * <p>This is the one definition of the user features: the stream applies events to it with
 * {@link #apply}, training examples carry the value from before their event, and serving is fed
 * the same value. Values that depend on the scoring time (window counts, recency, decayed
 * affinity) are stored in a form from which {@code FeatureVectors} reads them at any later time.
 * Every part is bounded by the settings: N sequence entries, K categories, and the windows'
 * bucket counts. Instances are immutable; the arrays must not be modified.
 *
 * @param userId the user
 * @param asOf event time in epoch milliseconds of the last event applied, or -1 for a new user
 * @param counts number of events per {@link EventType}, indexed by ordinal
 * @param lastTimes per {@link EventType}, the latest event time of that type, or -1 for none
 * @param sequence the latest N engagements (anything but impressions) with item, category, time and type
 * @param affinity decayed per-category affinity, top K categories
 * @param shortWindow event counts per type in the short sliding window (1 h by default)
 * @param longWindow event counts per type in the long sliding window (24 h by default)
 */
@TypeInfo(FeatureTypes.UserFactory.class)
public record UserFeatures(
        long userId,
        long asOf,
        long[] counts,
        long[] lastTimes,
        BehaviorSequence sequence,
        CategoryAffinity affinity,
        WindowedCounts shortWindow,
        WindowedCounts longWindow) {

    /** Value of {@link #lastTime} for a type the user has no event of. */
    public static final long NEVER = Decay.NEVER;

    private static final int TYPES = EventType.values().length;

    /** Features of a user that has no events yet. */
    public static UserFeatures empty(long userId) {
        long[] lastTimes = new long[TYPES];
        Arrays.fill(lastTimes, NEVER);
        return new UserFeatures(
                userId, NEVER, new long[TYPES], lastTimes, BehaviorSequence.EMPTY, CategoryAffinity.EMPTY,
                WindowedCounts.NONE, WindowedCounts.NONE);
    }

    /**
     * Returns the features after {@code event}, which must belong to this user. Every event counts
     * in the totals, the last times and the windows. Engagements also enter the sequence. An event
     * adds to the affinity when its type has a weight above 0 and its item a known category.
     */
    public UserFeatures apply(Event event, FeatureOptions options) {
        if (event.userId() != userId) {
            throw new IllegalArgumentException(
                    "event " + event.eventId() + " belongs to user " + event.userId() + ", not to user " + userId);
        }
        EventType type = event.type();
        long time = event.eventTime();

        long[] newCounts = counts.clone();
        newCounts[type.ordinal()]++;
        long[] newLastTimes = lastTimes;
        if (time > lastTimes[type.ordinal()]) {
            newLastTimes = lastTimes.clone();
            newLastTimes[type.ordinal()] = time;
        }

        BehaviorSequence newSequence = type == EventType.IMPRESSION
                ? sequence
                : sequence.add(event, options.recentItems());
        double weight = options.affinityWeights().weight(type);
        CategoryAffinity newAffinity = weight > 0 && event.hasCategory()
                ? affinity.add(event.categoryId(), weight, time, options.affinityTimeConstantMillis(),
                        options.affinityCategories())
                : affinity;

        return new UserFeatures(
                userId,
                Math.max(asOf, time),
                newCounts,
                newLastTimes,
                newSequence,
                newAffinity,
                shortWindow.add(time, type, options.shortWindow()),
                longWindow.add(time, type, options.longWindow()));
    }

    public long count(EventType type) {
        return counts[type.ordinal()];
    }

    /** Returns the latest event time of {@code type}, or {@link #NEVER}. */
    public long lastTime(EventType type) {
        return lastTimes[type.ordinal()];
    }

    /** Items of the recent engagements, newest first. */
    public long[] recentItems() {
        return sequence.items();
    }

    /** True when {@code itemId} is among the recent engagements. */
    public boolean recentlyEngagedWith(long itemId) {
        return sequence.containsItem(itemId);
    }

    /** Share of the recent engagements whose item has {@code categoryId}; 0 for an unknown category. */
    public double recentCategoryShare(long categoryId) {
        return sequence.categoryShare(categoryId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserFeatures that
                && userId == that.userId
                && asOf == that.asOf
                && Arrays.equals(counts, that.counts)
                && Arrays.equals(lastTimes, that.lastTimes)
                && sequence.equals(that.sequence)
                && affinity.equals(that.affinity)
                && shortWindow.equals(that.shortWindow)
                && longWindow.equals(that.longWindow);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(userId) * 31 + Long.hashCode(asOf);
    }

    @Override
    public String toString() {
        return "UserFeatures{user=" + userId + ", asOf=" + asOf + ", counts=" + Arrays.toString(counts)
                + ", lastTimes=" + Arrays.toString(lastTimes) + ", sequence=" + sequence
                + ", affinity=" + affinity + ", shortWindow=" + shortWindow + ", longWindow=" + longWindow + "}";
    }
}
