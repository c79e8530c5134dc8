package io.streamrank.serving.features;

import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.LongPredicate;

/**
 * Items ordered by their decayed click count moved to a common time.
 *
 * <p>A count c stored as of time a is worth c * exp(-(t - a) / tau) at time t. Its logarithm is
 * ln c + a / tau - t / tau, and the last term is the same for every item. The order by
 * {@code ln c + a / tau} is therefore the same at any common time t, and the index never needs
 * re-sorting as time moves on. Items without clicks come last, by id. Updates and queries may run concurrently.
 * A query iterates a live view, so it removes the duplicates that a concurrent update can show.
 */
final class PopularityIndex {

    private static final Comparator<Entry> ORDER =
            Comparator.comparingDouble(Entry::rank).reversed().thenComparingLong(Entry::itemId);

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Entry> ordered = new ConcurrentSkipListSet<>(ORDER);
    private volatile FeatureOptions options;

    PopularityIndex(FeatureOptions options) {
        this.options = options;
    }

    FeatureOptions options() {
        return options;
    }

    synchronized void update(ItemFeatures item) {
        Entry entry = entry(item.itemId(), item.decayedClicks(), item.asOf(), options);
        Entry previous = entries.put(item.itemId(), entry);
        if (previous != null) {
            ordered.remove(previous);
        }
        ordered.add(entry);
    }

    /** Re-ranks every item with the decay time constant of {@code newOptions}, if it changed. */
    synchronized void useOptions(FeatureOptions newOptions) {
        if (newOptions.decayTimeConstant().equals(options.decayTimeConstant())) {
            options = newOptions;
            return;
        }
        options = newOptions;
        List<Entry> rebuilt = new ArrayList<>(entries.size());
        for (Entry old : entries.values()) {
            rebuilt.add(entry(old.itemId(), old.decayedClicks(), old.asOf(), newOptions));
        }
        ordered.clear();
        for (Entry entry : rebuilt) {
            entries.put(entry.itemId(), entry);
            ordered.add(entry);
        }
    }

    int size() {
        return entries.size();
    }

    /**
     * Returns up to {@code count} distinct items, most clicked first, skipping those that
     * {@code excluded} matches, with their clicks moved to {@code time}.
     */
    List<PopularItem> top(int count, LongPredicate excluded, long time) {
        double tau = options.decayTimeConstantMillis();
        List<PopularItem> result = new ArrayList<>(Math.min(count, entries.size()));
        Set<Long> seen = new HashSet<>();
        for (Entry entry : ordered) {
            if (result.size() >= count) {
                break;
            }
            if (excluded.test(entry.itemId()) || !seen.add(entry.itemId())) {
                continue;
            }
            double clicks = time > entry.asOf()
                    ? entry.decayedClicks() * Math.exp(-(time - entry.asOf()) / tau)
                    : entry.decayedClicks();
            result.add(new PopularItem(entry.itemId(), clicks));
        }
        return result;
    }

    private static Entry entry(long itemId, double decayedClicks, long asOf, FeatureOptions options) {
        double rank = decayedClicks > 0
                ? Math.log(decayedClicks) + asOf / options.decayTimeConstantMillis()
                : Double.NEGATIVE_INFINITY;
        return new Entry(itemId, decayedClicks, asOf, rank);
    }

    private record Entry(long itemId, double decayedClicks, long asOf, double rank) {}
}
