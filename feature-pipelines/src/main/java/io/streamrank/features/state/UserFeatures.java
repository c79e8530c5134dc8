package io.streamrank.features.state;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import java.util.Arrays;

/**
 * Real-time features of one user, as of the event time of the last event applied.
 *
 * <p>This is the one definition of the user features: the stream applies events to it with
 * {@link #apply}, training examples carry the value from before their event, and serving is fed
 * the same value. Instances are immutable; the arrays must not be modified.
 *
 * @param userId the user
 * @param asOf event time in epoch milliseconds of the last event applied, or -1 for a new user
 * @param counts number of events per {@link EventType}, indexed by ordinal
 * @param recentItems items of the latest engagements (anything but impressions), newest first
 * @param recentCategories categories of those items (-1 when unknown), aligned with recentItems
 * @param recentTimes event times of those engagements, aligned with recentItems
 */
public record UserFeatures(
        long userId, long asOf, long[] counts, long[] recentItems, long[] recentCategories, long[] recentTimes) {

    private static final long[] EMPTY = new long[0];

    /** Features of a user that has no events yet. */
    public static UserFeatures empty(long userId) {
        return new UserFeatures(userId, -1L, new long[EventType.values().length], EMPTY, EMPTY, EMPTY);
    }

    /** Returns the features after {@code event}; the event must belong to this user. */
    public UserFeatures apply(Event event, FeatureOptions options) {
        if (event.userId() != userId) {
            throw new IllegalArgumentException(
                    "event " + event.eventId() + " belongs to user " + event.userId() + ", not to user " + userId);
        }
        long[] newCounts = counts.clone();
        newCounts[event.type().ordinal()]++;
        long newAsOf = Math.max(asOf, event.eventTime());
        if (event.type() == EventType.IMPRESSION) {
            return new UserFeatures(userId, newAsOf, newCounts, recentItems, recentCategories, recentTimes);
        }
        int length = Math.min(recentItems.length + 1, options.recentItems());
        return new UserFeatures(
                userId,
                newAsOf,
                newCounts,
                prepend(recentItems, event.itemId(), length),
                prepend(recentCategories, event.categoryId(), length),
                prepend(recentTimes, event.eventTime(), length));
    }

    public long count(EventType type) {
        return counts[type.ordinal()];
    }

    /** True when {@code itemId} is among the recent engagements. */
    public boolean recentlyEngagedWith(long itemId) {
        for (long item : recentItems) {
            if (item == itemId) {
                return true;
            }
        }
        return false;
    }

    /** Share of the recent engagements whose item has {@code categoryId}; 0 for an unknown category. */
    public double recentCategoryShare(long categoryId) {
        if (categoryId < 0 || recentCategories.length == 0) {
            return 0.0;
        }
        int matches = 0;
        for (long category : recentCategories) {
            if (category == categoryId) {
                matches++;
            }
        }
        return (double) matches / recentCategories.length;
    }

    private static long[] prepend(long[] values, long head, int length) {
        long[] result = new long[length];
        result[0] = head;
        System.arraycopy(values, 0, result, 1, length - 1);
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserFeatures that
                && userId == that.userId
                && asOf == that.asOf
                && Arrays.equals(counts, that.counts)
                && Arrays.equals(recentItems, that.recentItems)
                && Arrays.equals(recentCategories, that.recentCategories)
                && Arrays.equals(recentTimes, that.recentTimes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(userId) * 31 + Arrays.hashCode(recentItems);
    }

    @Override
    public String toString() {
        return "UserFeatures{user=" + userId + ", asOf=" + asOf + ", counts=" + Arrays.toString(counts)
                + ", recentItems=" + Arrays.toString(recentItems) + "}";
    }
}
