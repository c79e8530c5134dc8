package io.streamrank.model.input;

import io.streamrank.features.event.EventType;
import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.BehaviorSequence;
import io.streamrank.features.state.CategoryAffinity;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;

/**
 * Turns feature values into the dense inputs of the models. The trainers and serving both call
 * this class, with the feature settings of the snapshot, so a model gets the same transformation
 * of a feature value in both places. Every value is read at the scoring time {@code time}: the
 * event time of the example in training, the current event time at serving.
 *
 * <p>Counts enter as log(1 + x), durations as log(1 + hours). Event types are in the order
 * impression, click, cart, fav, purchase. The slots:
 *
 * <ul>
 *   <li>{@link #user}, {@value #USER_SIZE}: 0–4 total counts per type; 5 new-user flag; 6 hours
 *       since the last event (0 for a new user); 7–11 counts per type in the short window
 *       (1 h); 12–16 in the long window (24 h); 17–21 recency per type, hours since the last
 *       event of that type, capped at {@link FeatureOptions#recencyCap()}, which also stands for
 *       never; 22 the sum of the decayed category affinities; 23–26 the share of clicks, carts,
 *       favs and purchases among the sequence's entries (0 when empty).
 *   <li>{@link #item}, {@value #ITEM_SIZE}: 0–2 decayed impressions, clicks and purchases; 3
 *       smoothed conversion rate; 4 total clicks; 5 new-item flag; 6 smoothed click-through
 *       rate. Decayed values are moved to the scoring time first.
 *   <li>{@link #cross}, {@value #CROSS_SIZE}: 0 whether the item is among the user's recent
 *       engagements; 1 the share of recent engagements in the item's category; 2 the user's
 *       decayed affinity for the item's category; 3 that affinity's share of the user's total
 *       affinity (0 when the total is 0).
 *   <li>{@link #context}, {@value #CONTEXT_SIZE}: 0–1 hour of day of the scoring time in UTC as
 *       sin and cos of 2π·hour/24, so 23:59 sits next to 00:00; 2 log(1 + position).
 * </ul>
 *
 * <p>Position gets the common treatment of position bias, the one that Guo et al., "PAL: a
 * position-bias aware learning framework for CTR prediction in live recommender systems" (RecSys
 * 2019) start from before they move position into a separate tower: position is an input in
 * training, and serving, which scores candidates before they have a slot, gives every candidate
 * the same {@link #SERVING_POSITION}. The ranker thereby learns how much of a click the slot
 * explains, and no candidate is favoured by a slot it has not been given. An example without a
 * logged slot (a click without an impression, or an impression that a replay synthesized) gets
 * the serving position too: a synthesized slot says nothing about the user, and every click of a
 * replay lacks one, so reading it would teach the ranker the replay's layout instead of intent.
 */
public final class FeatureVectors {

    /** Length of {@link #user}. */
    public static final int USER_SIZE = 27;

    /** Length of {@link #item}. */
    public static final int ITEM_SIZE = 7;

    /** Length of {@link #cross}. */
    public static final int CROSS_SIZE = 4;

    /** Length of {@link #context}. */
    public static final int CONTEXT_SIZE = 3;

    /** The position every candidate is scored at in serving: the top slot. */
    public static final int SERVING_POSITION = 0;

    private static final EventType[] TYPES = EventType.values();
    private static final EventType[] ENGAGEMENTS =
            {EventType.CLICK, EventType.CART, EventType.FAV, EventType.PURCHASE};
    private static final double HOUR_MILLIS = 3_600_000.0;
    private static final long DAY_MILLIS = 86_400_000L;

    private FeatureVectors() {}

    /** Writes the user's dense features at {@code time} into {@code target} from {@code offset}. */
    public static void user(UserFeatures user, long time, FeatureOptions options, float[] target, int offset) {
        int at = offset;
        for (EventType type : TYPES) {
            target[at++] = log1p(user.count(type));
        }
        boolean isNew = user.asOf() < 0;
        target[at++] = isNew ? 1f : 0f;
        target[at++] = isNew ? 0f : log1p(hoursBetween(user.asOf(), time));

        for (EventType type : TYPES) {
            target[at++] = log1p(user.shortWindow().count(type, time));
        }
        for (EventType type : TYPES) {
            target[at++] = log1p(user.longWindow().count(type, time));
        }

        double capHours = options.recencyCap().toMillis() / HOUR_MILLIS;
        for (EventType type : TYPES) {
            long last = user.lastTime(type);
            double hours = last == UserFeatures.NEVER ? capHours : Math.min(hoursBetween(last, time), capHours);
            target[at++] = log1p(hours);
        }

        target[at++] = log1p(user.affinity().total(time, options.affinityTimeConstantMillis()));
        BehaviorSequence sequence = user.sequence();
        for (EventType type : ENGAGEMENTS) {
            target[at++] = sequence.size() == 0 ? 0f : (float) sequence.count(type) / sequence.size();
        }
    }

    /** Writes the item's dense features at {@code time} into {@code target} from {@code offset}. */
    public static void item(ItemFeatures item, long time, FeatureOptions options, float[] target, int offset) {
        ItemFeatures now = item.decayedTo(time, options);
        target[offset] = log1p(now.decayedImpressions());
        target[offset + 1] = log1p(now.decayedClicks());
        target[offset + 2] = log1p(now.decayedPurchases());
        target[offset + 3] = (float) now.smoothedCvr(options);
        target[offset + 4] = log1p(now.count(EventType.CLICK));
        target[offset + 5] = now.asOf() < 0 ? 1f : 0f;
        target[offset + 6] = (float) now.smoothedCtr(options);
    }

    /** Writes the user × item cross features at {@code time} into {@code target} from {@code offset}. */
    public static void cross(
            UserFeatures user, ItemFeatures item, long time, FeatureOptions options, float[] target, int offset) {
        CategoryAffinity affinity = user.affinity();
        double tau = options.affinityTimeConstantMillis();
        double score = affinity.score(item.categoryId(), time, tau);
        double total = affinity.total(time, tau);
        target[offset] = user.recentlyEngagedWith(item.itemId()) ? 1f : 0f;
        target[offset + 1] = (float) user.recentCategoryShare(item.categoryId());
        target[offset + 2] = log1p(score);
        target[offset + 3] = total > 0 ? (float) (score / total) : 0f;
    }

    /**
     * Writes the context features of an exposure at {@code time} in slot {@code position} into
     * {@code target} from {@code offset}; see the class comment for the position to pass.
     */
    public static void context(long time, int position, float[] target, int offset) {
        double hourOfDay = Math.floorMod(time, DAY_MILLIS) / HOUR_MILLIS;
        double angle = 2 * Math.PI * hourOfDay / 24.0;
        target[offset] = (float) Math.sin(angle);
        target[offset + 1] = (float) Math.cos(angle);
        target[offset + 2] = log1p(Math.max(position, 0));
    }

    /**
     * Returns the position to train on for {@code example}: the slot of a logged impression, else
     * {@link #SERVING_POSITION}.
     */
    public static int trainingPosition(TrainingExample example) {
        return example.sampled() || example.position() < 0 ? SERVING_POSITION : example.position();
    }

    private static double hoursBetween(long from, long to) {
        return Math.max(0L, to - from) / HOUR_MILLIS;
    }

    private static float log1p(double value) {
        return (float) Math.log1p(value);
    }
}
