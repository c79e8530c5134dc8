package io.streamrank.features.replay;

import io.streamrank.features.event.Event;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Picks items for sampled impressions by popularity among the engagements seen so far.
 *
 * <p>Every engagement (click, cart, fav or purchase) is appended to one list. A draw takes a
 * uniformly random entry of that list, so an item comes up with probability proportional to its
 * engagement count up to that moment, in O(1). A draw is rejected when the user has engaged
 * with the item before, when it is the clicked item, or when it was already picked for the same
 * click. Each click gets at most {@value #DRAWS_PER_IMPRESSION} draws per requested impression,
 * so a user who has engaged with most of the popular items, or a replay that has seen few items
 * yet, gets fewer impressions instead of an unbounded loop.
 *
 * <p>Draws come from one {@value #ALGORITHM} generator seeded at construction, so the same seed
 * and the same sequence of calls give the same items on the same JDK.
 */
final class ImpressionSampler {

    static final String ALGORITHM = "L64X128MixRandom";

    /**
     * Budget of draws per requested impression. When 95% of the engagement mass is rejected, the
     * budget still runs out before finding an item in only about 0.6% of cases (0.95^100).
     */
    static final int DRAWS_PER_IMPRESSION = 100;

    private static final long[] NO_ITEMS = new long[0];

    private final RandomGenerator random;
    private final Map<Long, Set<Long>> engagedItemsByUser = new HashMap<>();
    private final Map<Long, Long> lastCategoryByItem = new HashMap<>();
    private long[] engagedItems = new long[1024];
    private int engagementCount;

    ImpressionSampler(long seed) {
        this.random = RandomGeneratorFactory.of(ALGORITHM).create(seed);
    }

    /** Records an engagement of {@code userId} with {@code itemId}. A category of -1 keeps the last known one. */
    void recordEngagement(long userId, long itemId, long categoryId) {
        if (engagementCount == engagedItems.length) {
            engagedItems = Arrays.copyOf(engagedItems, engagedItems.length * 2);
        }
        engagedItems[engagementCount++] = itemId;

        engagedItemsByUser.computeIfAbsent(userId, user -> new HashSet<>()).add(itemId);
        if (categoryId != Event.UNKNOWN_CATEGORY) {
            lastCategoryByItem.put(itemId, categoryId);
        }
    }

    /**
     * Returns up to {@code count} distinct items for impressions shown to {@code userId} before it
     * clicks {@code clickedItem}, none of which the user has engaged with so far. The result is
     * shorter than {@code count} when the draw budget runs out first.
     */
    long[] sample(long userId, long clickedItem, int count) {
        if (count == 0 || engagementCount == 0) {
            return NO_ITEMS;
        }
        Set<Long> engagedByUser = engagedItemsByUser.getOrDefault(userId, Set.of());
        long[] picked = new long[count];
        int pickedCount = 0;

        int drawsLeft = count * DRAWS_PER_IMPRESSION;
        while (pickedCount < count && drawsLeft > 0) {
            drawsLeft--;
            long candidate = engagedItems[random.nextInt(engagementCount)];
            boolean rejected = candidate == clickedItem
                    || engagedByUser.contains(candidate)
                    || contains(picked, pickedCount, candidate);
            if (!rejected) {
                picked[pickedCount++] = candidate;
            }
        }
        return pickedCount == count ? picked : Arrays.copyOf(picked, pickedCount);
    }

    /** Returns the category of the item's latest engagement that had one, or -1. */
    long lastKnownCategory(long itemId) {
        return lastCategoryByItem.getOrDefault(itemId, Event.UNKNOWN_CATEGORY);
    }

    private static boolean contains(long[] items, int length, long item) {
        for (int i = 0; i < length; i++) {
            if (items[i] == item) {
                return true;
            }
        }
        return false;
    }
}
