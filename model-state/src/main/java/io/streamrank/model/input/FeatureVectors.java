package io.streamrank.model.input;

import io.streamrank.features.event.EventType;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;

/**
 * Turns feature values into the dense inputs of the models. The trainers and serving both call
 * this class, so a model sees the same transformation of a feature value in both places.
 *
 * <p>Counts enter as log(1 + x); item decayed counts are first moved to the scoring time.
 */
public final class FeatureVectors {

    /** Length of {@link #user}: five log counts, a new-user flag, log hours since the last event. */
    public static final int USER_SIZE = 7;

    /** Length of {@link #item}: three log decayed counts, smoothed conversion, log clicks, new-item flag. */
    public static final int ITEM_SIZE = 6;

    /** Length of {@link #cross}: engaged-recently flag and share of recent engagements in the item's category. */
    public static final int CROSS_SIZE = 2;

    private static final EventType[] COUNTED =
            {EventType.IMPRESSION, EventType.CLICK, EventType.CART, EventType.FAV, EventType.PURCHASE};

    private FeatureVectors() {}

    /** Writes the user's dense features at {@code time} into {@code target} from {@code offset}. */
    public static void user(UserFeatures user, long time, float[] target, int offset) {
        for (int i = 0; i < COUNTED.length; i++) {
            target[offset + i] = (float) Math.log1p(user.count(COUNTED[i]));
        }
        boolean isNew = user.asOf() < 0;
        target[offset + 5] = isNew ? 1f : 0f;
        double hours = isNew ? 0.0 : Math.max(0L, time - user.asOf()) / 3_600_000.0;
        target[offset + 6] = (float) Math.log1p(hours);
    }

    /** Writes the item's dense features at {@code time} into {@code target} from {@code offset}. */
    public static void item(ItemFeatures item, long time, FeatureOptions options, float[] target, int offset) {
        ItemFeatures now = item.decayedTo(time, options);
        target[offset] = (float) Math.log1p(now.decayedImpressions());
        target[offset + 1] = (float) Math.log1p(now.decayedClicks());
        target[offset + 2] = (float) Math.log1p(now.decayedPurchases());
        target[offset + 3] = (float) ((now.decayedPurchases() + 0.1) / (now.decayedClicks() + 1.0));
        target[offset + 4] = (float) Math.log1p(now.count(EventType.CLICK));
        target[offset + 5] = now.asOf() < 0 ? 1f : 0f;
    }

    /** Writes the user-item cross features into {@code target} from {@code offset}. */
    public static void cross(UserFeatures user, ItemFeatures item, float[] target, int offset) {
        target[offset] = user.recentlyEngagedWith(item.itemId()) ? 1f : 0f;
        target[offset + 1] = (float) user.recentCategoryShare(item.categoryId());
    }
}
