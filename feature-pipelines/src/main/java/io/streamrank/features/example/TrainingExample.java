package io.streamrank.features.example;

import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;

/**
 * One labelled exposure of an item to a user, the unit the trainers learn from.
 *
 * <p>The features are those from just before the exposure event, so no label leaks into its own
 * features. {@code purchase} implies {@code click}: a purchase without a logged click counts as
 * both, because the user must have reached the item.
 *
 * @param eventId id of the event that opened the example (an impression, or a click or purchase
 *     without an impression)
 * @param userId the user
 * @param itemId the item
 * @param eventTime event time of the exposure in epoch milliseconds
 * @param position slot of the item in its response, or -1 when not known
 * @param sampled true when the exposure is an impression a replay synthesized as a negative
 * @param user user features as of just before the exposure
 * @param item item features as of just before the exposure
 * @param click whether the user clicked within the click window
 * @param purchase whether the user purchased within the purchase window
 */
public record TrainingExample(
        String eventId,
        long userId,
        long itemId,
        long eventTime,
        int position,
        boolean sampled,
        UserFeatures user,
        ItemFeatures item,
        boolean click,
        boolean purchase) {}
