package io.streamrank.features.state;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import java.util.Arrays;

/**
 * A user's latest engagements (every event type but impressions), newest first by event time:
 * item, category, event time and type, in four aligned arrays. Among events with the same time
 * the one applied later comes first. It keeps at most N entries; an engagement older than all N
 * is not kept. Instances are immutable; the arrays must not be modified.
 *
 * @param items the items
 * @param categories their categories, -1 when unknown
 * @param times their event times in epoch milliseconds, descending
 * @param types their {@link EventType} ordinals
 */
public record BehaviorSequence(long[] items, long[] categories, long[] times, byte[] types) {

    public static final BehaviorSequence EMPTY = new BehaviorSequence(new long[0], new long[0], new long[0], new byte[0]);

    private static final EventType[] TYPES = EventType.values();

    public int size() {
        return items.length;
    }

    public EventType type(int index) {
        return TYPES[types[index]];
    }

    /** Returns the sequence with {@code event} in its place by event time, cut to {@code maxLength} entries. */
    public BehaviorSequence add(Event event, int maxLength) {
        int size = items.length;
        int at = 0;
        while (at < size && times[at] > event.eventTime()) {
            at++;
        }
        int length = Math.min(size + 1, maxLength);
        if (at >= length) {
            return size > maxLength ? truncated(maxLength) : this;
        }

        long[] newItems = new long[length];
        long[] newCategories = new long[length];
        long[] newTimes = new long[length];
        byte[] newTypes = new byte[length];
        System.arraycopy(items, 0, newItems, 0, at);
        System.arraycopy(categories, 0, newCategories, 0, at);
        System.arraycopy(times, 0, newTimes, 0, at);
        System.arraycopy(types, 0, newTypes, 0, at);
        newItems[at] = event.itemId();
        newCategories[at] = event.categoryId();
        newTimes[at] = event.eventTime();
        newTypes[at] = (byte) event.type().ordinal();
        int after = length - at - 1;
        System.arraycopy(items, at, newItems, at + 1, after);
        System.arraycopy(categories, at, newCategories, at + 1, after);
        System.arraycopy(times, at, newTimes, at + 1, after);
        System.arraycopy(types, at, newTypes, at + 1, after);
        return new BehaviorSequence(newItems, newCategories, newTimes, newTypes);
    }

    /** Number of entries of {@code type}. */
    public int count(EventType type) {
        int matches = 0;
        for (byte entry : types) {
            if (entry == type.ordinal()) {
                matches++;
            }
        }
        return matches;
    }

    /** True when {@code itemId} is among the entries. */
    public boolean containsItem(long itemId) {
        for (long item : items) {
            if (item == itemId) {
                return true;
            }
        }
        return false;
    }

    /** Share of the entries whose item has {@code categoryId}; 0 for an unknown category or no entries. */
    public double categoryShare(long categoryId) {
        if (categoryId < 0 || categories.length == 0) {
            return 0.0;
        }
        int matches = 0;
        for (long category : categories) {
            if (category == categoryId) {
                matches++;
            }
        }
        return (double) matches / categories.length;
    }

    private BehaviorSequence truncated(int length) {
        return new BehaviorSequence(
                Arrays.copyOf(items, length),
                Arrays.copyOf(categories, length),
                Arrays.copyOf(times, length),
                Arrays.copyOf(types, length));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BehaviorSequence that
                && Arrays.equals(items, that.items)
                && Arrays.equals(categories, that.categories)
                && Arrays.equals(times, that.times)
                && Arrays.equals(types, that.types);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(items) * 31 + Arrays.hashCode(times);
    }

    @Override
    public String toString() {
        return "BehaviorSequence{items=" + Arrays.toString(items) + ", times=" + Arrays.toString(times)
                + ", types=" + Arrays.toString(types) + "}";
    }
}
