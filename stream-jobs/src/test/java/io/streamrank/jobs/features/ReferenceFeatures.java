package io.streamrank.jobs.features;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.SlidingWindow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A slow, direct recomputation of every feature from the events seen so far, for comparison with
 * the streaming functions. It keeps each user's and item's events in the order they were applied
 * and recomputes each value from its definition on every read: decayed values as sums of
 * exponentials, windows and sequences by filtering and sorting the event lists. Only the top-K
 * category affinity needs history of its own: which categories were evicted, replayed event by
 * event with scores summed afresh each time.
 */
final class ReferenceFeatures {

    private static final int TYPES = EventType.values().length;

    private final FeatureOptions options;
    private final Map<Long, List<Event>> userEvents = new HashMap<>();
    private final Map<Long, List<Event>> itemEvents = new HashMap<>();
    private final Map<Long, Integer> itemLastIndex = new HashMap<>();
    private final Map<Long, Map<Long, List<Event>>> admitted = new HashMap<>();
    private final Map<Long, Long> affinityAsOf = new HashMap<>();
    private final List<double[]> globalPrefix = new ArrayList<>();
    private long firstTime = Long.MIN_VALUE;

    ReferenceFeatures(FeatureOptions options) {
        this.options = options;
        globalPrefix.add(new double[TYPES]);
    }

    /** Records {@code event} as applied, after everything recorded before it. */
    void apply(Event event) {
        userEvents.computeIfAbsent(event.userId(), ignored -> new ArrayList<>()).add(event);
        itemEvents.computeIfAbsent(event.itemId(), ignored -> new ArrayList<>()).add(event);
        itemLastIndex.put(event.itemId(), globalPrefix.size() - 1);
        addToGlobalPrefix(event);
        replayAffinity(event);
    }

    /** Returns the expected features of a user at scoring time {@code time}. */
    User user(long userId, long time) {
        List<Event> events = userEvents.getOrDefault(userId, List.of());
        long asOf = -1L;
        long[] counts = new long[TYPES];
        long[] lastTimes = new long[TYPES];
        java.util.Arrays.fill(lastTimes, -1L);
        for (Event event : events) {
            asOf = Math.max(asOf, event.eventTime());
            counts[event.type().ordinal()]++;
            lastTimes[event.type().ordinal()] = Math.max(lastTimes[event.type().ordinal()], event.eventTime());
        }
        return new User(
                asOf, counts, lastTimes, sequence(events),
                windowCounts(events, options.shortWindow(), time),
                windowCounts(events, options.longWindow(), time),
                affinity(userId, time));
    }

    /** Returns the expected features of an item at scoring time {@code time}. */
    Item item(long itemId, long time) {
        List<Event> events = itemEvents.getOrDefault(itemId, List.of());
        long asOf = -1L;
        long category = -1L;
        long[] counts = new long[TYPES];
        for (Event event : events) {
            asOf = Math.max(asOf, event.eventTime());
            counts[event.type().ordinal()]++;
            if (event.hasCategory()) {
                category = event.categoryId();
            }
        }
        double tau = options.decayTimeConstantMillis();
        long at = Math.max(time, asOf);
        double[] decayed = new double[TYPES];
        for (Event event : events) {
            decayed[event.type().ordinal()] += Math.exp(-(at - event.eventTime()) / tau);
        }
        // A known item carries the global rates as of its latest event, a new one the current rates.
        double[] global = globalPrefix.get(events.isEmpty() ? globalPrefix.size() - 1 : itemLastIndex.get(itemId) + 1);
        return new Item(asOf, category, counts,
                decayed[EventType.IMPRESSION.ordinal()], decayed[EventType.CLICK.ordinal()],
                decayed[EventType.PURCHASE.ordinal()],
                ratio(global[EventType.CLICK.ordinal()], global[EventType.IMPRESSION.ordinal()]),
                ratio(global[EventType.PURCHASE.ordinal()], global[EventType.CLICK.ordinal()]));
    }

    Iterable<Long> users() {
        return userEvents.keySet();
    }

    Iterable<Long> items() {
        return itemEvents.keySet();
    }

    /** Returns the latest N engagements by event time, later applications first among equal times. */
    private Sequence sequence(List<Event> events) {
        List<Integer> engagements = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).type() != EventType.IMPRESSION) {
                engagements.add(i);
            }
        }
        engagements.sort(Comparator.<Integer>comparingLong(i -> events.get(i).eventTime())
                .thenComparingInt(i -> i)
                .reversed());
        List<Event> latest = engagements.stream()
                .limit(options.recentItems())
                .map(events::get)
                .toList();
        return new Sequence(
                latest.stream().mapToLong(Event::itemId).toArray(),
                latest.stream().mapToLong(Event::categoryId).toArray(),
                latest.stream().mapToLong(Event::eventTime).toArray(),
                latest.stream().map(Event::type).toList());
    }

    /** Counts per type the events whose bucket is among the window's buckets at {@code time} and within the span of the newest. */
    private static long[] windowCounts(List<Event> events, SlidingWindow window, long time) {
        long width = window.bucketMillis();
        long newest = Long.MIN_VALUE;
        for (Event event : events) {
            newest = Math.max(newest, Math.floorDiv(event.eventTime(), width));
        }
        long current = Math.floorDiv(time, width);
        long[] counts = new long[TYPES];
        for (Event event : events) {
            long bucket = Math.floorDiv(event.eventTime(), width);
            if (bucket > current - window.buckets() && bucket <= current && bucket > newest - window.buckets()) {
                counts[event.type().ordinal()]++;
            }
        }
        return counts;
    }

    /** Returns the kept categories and their scores at {@code time}, summed afresh from their events. */
    private Map<Long, Double> affinity(long userId, long time) {
        Map<Long, List<Event>> kept = admitted.getOrDefault(userId, Map.of());
        long at = Math.max(time, affinityAsOf.getOrDefault(userId, -1L));
        Map<Long, Double> scores = new LinkedHashMap<>();
        kept.forEach((category, events) -> scores.put(category, affinityScore(events, at)));
        return scores;
    }

    private void replayAffinity(Event event) {
        double weight = options.affinityWeights().weight(event.type());
        if (weight <= 0 || !event.hasCategory()) {
            return;
        }
        long userId = event.userId();
        long asOf = Math.max(affinityAsOf.getOrDefault(userId, -1L), event.eventTime());
        affinityAsOf.put(userId, asOf);
        Map<Long, List<Event>> kept = admitted.computeIfAbsent(userId, ignored -> new HashMap<>());
        kept.computeIfAbsent(event.categoryId(), ignored -> new ArrayList<>()).add(event);

        Map<Long, Double> scores = new HashMap<>();
        kept.forEach((category, events) -> scores.put(category, affinityScore(events, asOf)));
        List<Long> top = scores.keySet().stream()
                .sorted(Comparator.<Long>comparingDouble(scores::get).reversed().thenComparing(Comparator.naturalOrder()))
                .limit(options.affinityCategories())
                .toList();
        kept.keySet().retainAll(top);
    }

    private double affinityScore(List<Event> events, long at) {
        double sum = 0.0;
        for (Event event : events) {
            sum += options.affinityWeights().weight(event.type())
                    * Math.exp(-(at - event.eventTime()) / options.affinityTimeConstantMillis());
        }
        return sum;
    }

    /**
     * Appends the global counts after {@code event}. Each event counts exp((t - t0) / tau). One
     * common factor, exp(-(asOf - t0) / tau), turns every such sum into a decayed count at asOf.
     * Ratios of these sums are therefore the ratios of the decayed counts, in any order of arrival.
     */
    private void addToGlobalPrefix(Event event) {
        if (firstTime == Long.MIN_VALUE) {
            firstTime = event.eventTime();
        }
        double[] next = globalPrefix.get(globalPrefix.size() - 1).clone();
        next[event.type().ordinal()] += Math.exp((event.eventTime() - firstTime) / options.decayTimeConstantMillis());
        globalPrefix.add(next);
    }

    private static double ratio(double numerator, double denominator) {
        return denominator > 0 ? numerator / denominator : 0.0;
    }

    /** A user's expected features; affinity maps each kept category to its score at the scoring time. */
    record User(
            long asOf,
            long[] counts,
            long[] lastTimes,
            Sequence sequence,
            long[] shortWindow,
            long[] longWindow,
            Map<Long, Double> affinity) {}

    record Sequence(long[] items, long[] categories, long[] times, List<EventType> types) {}

    /** An item's expected features; decayed counts at the scoring time. */
    record Item(
            long asOf,
            long categoryId,
            long[] counts,
            double impressions,
            double clicks,
            double purchases,
            double priorCtr,
            double priorCvr) {}
}
