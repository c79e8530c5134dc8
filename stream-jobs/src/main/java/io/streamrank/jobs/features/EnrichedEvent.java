package io.streamrank.jobs.features;

import io.streamrank.features.event.Event;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;

/**
 * An event with the features of its user and item as they were just before it.
 *
 * @param event the event
 * @param ingestTime Kafka timestamp of the event's record, epoch milliseconds
 * @param user the user's features before the event
 * @param item the item's features before the event, or null before the item stage
 */
public record EnrichedEvent(Event event, long ingestTime, UserFeatures user, ItemFeatures item) {

    public EnrichedEvent withItem(ItemFeatures itemBefore) {
        return new EnrichedEvent(event, ingestTime, user, itemBefore);
    }
}
