package io.streamrank.jobs.features;

import io.streamrank.features.event.Event;
import io.streamrank.features.state.FeatureBinaryFormat;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;

import java.util.Arrays;
import java.util.Objects;

/**
 * An event with the features of its user and item as they were just before it.
 *
 * <p>The features travel in the framed form of {@link FeatureBinaryFormat}: the user stage hands
 * on the bytes it read from state, and the item stage and the label join pass them along without
 * decoding them. {@link #user()} and {@link #item()} decode on each call. The arrays must not be
 * modified.
 *
 * @param event the event
 * @param ingestTime Kafka timestamp of the event's record, epoch milliseconds
 * @param userValue the user's features before the event
 * @param itemValue the item's features before the event, or null before the item stage
 */
public record EnrichedEvent(Event event, long ingestTime, byte[] userValue, byte[] itemValue) {

    public EnrichedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(userValue, "userValue");
    }

    /** Returns an enriched event with the given feature values, encoded. */
    public static EnrichedEvent of(Event event, long ingestTime, UserFeatures user, ItemFeatures item) {
        FeatureBinaryFormat format = new FeatureBinaryFormat();
        return new EnrichedEvent(event, ingestTime, format.encode(user), item == null ? null : format.encode(item));
    }

    public EnrichedEvent withItem(byte[] itemValueBefore) {
        return new EnrichedEvent(event, ingestTime, userValue, itemValueBefore);
    }

    /** Decodes the user's features before the event. */
    public UserFeatures user() {
        return FeatureBinaryFormat.decodeUser(userValue);
    }

    /** Decodes the item's features before the event, or returns null before the item stage. */
    public ItemFeatures item() {
        return itemValue == null ? null : FeatureBinaryFormat.decodeItem(itemValue);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EnrichedEvent that
                && ingestTime == that.ingestTime
                && event.equals(that.event)
                && Arrays.equals(userValue, that.userValue)
                && Arrays.equals(itemValue, that.itemValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, ingestTime, Arrays.hashCode(userValue), Arrays.hashCode(itemValue));
    }

    @Override
    public String toString() {
        return "EnrichedEvent[event=" + event + ", ingestTime=" + ingestTime + ", user=" + user() + ", item=" + item()
                + "]";
    }
}
