package io.streamrank.features.state;

import io.streamrank.features.event.EventType;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the user and item features. Every setting has a default ({@link #DEFAULTS}) and a
 * key under which {@link #toSettings} writes it into snapshot manifests, so that serving
 * transforms features exactly as the trainers did. Instances are immutable and validated on
 * construction; change one with {@link #toBuilder()}. Errors name the setting by its key.
 *
 * @param recentItems {@value #RECENT_ITEMS}: length N of the behaviour sequence, the user's
 *     latest engagements (default 20, 1 to 1000)
 * @param decayTimeConstant {@value #DECAY_TIME_CONSTANT}: time constant tau of the item's decayed
 *     impressions, clicks and purchases and of the global rates: a count is multiplied by
 *     exp(-dt / tau) as event time moves on by dt (default 24 h)
 * @param affinityCategories {@value #AFFINITY_CATEGORIES}: K, how many categories a user's
 *     affinity keeps, those with the highest scores (default 20, 1 to 1000)
 * @param affinityTimeConstant {@value #AFFINITY_TIME_CONSTANT}: time constant of the category
 *     affinity's decay (default 72 h)
 * @param affinityWeights {@value #AFFINITY_WEIGHT_PREFIX}TYPE: what each event type adds to the
 *     affinity for the item's category (default impression 0, click 1, fav 2, cart 3, purchase 4,
 *     the usual order of intent in the Taobao data)
 * @param shortWindow {@value #SHORT_WINDOW} and {@value #SHORT_WINDOW_BUCKETS}: the short sliding
 *     window of event counts (default 1 h in 12 buckets, a resolution of 5 min)
 * @param longWindow {@value #LONG_WINDOW} and {@value #LONG_WINDOW_BUCKETS}: the long sliding
 *     window (default 24 h in 24 buckets, a resolution of 1 h)
 * @param ctrPriorImpressions {@value #CTR_PRIOR_IMPRESSIONS}: m of the smoothed click-through rate
 *     (clicks + m * globalCtr) / (impressions + m), in decayed impressions (default 20)
 * @param cvrPriorClicks {@value #CVR_PRIOR_CLICKS}: m of the smoothed conversion rate
 *     (purchases + m * globalCvr) / (clicks + m), in decayed clicks (default 10)
 * @param recencyCap {@value #RECENCY_CAP}: recency features (time since the last event of a type)
 *     saturate at this age, and a type never seen counts as this old (default 30 days)
 * @param stateTtl {@value #STATE_TTL}: a user's or item's feature state is dropped after this long
 *     without an event, in processing time (default 30 days)
 */
public record FeatureOptions(
        int recentItems,
        Duration decayTimeConstant,
        int affinityCategories,
        Duration affinityTimeConstant,
        EventTypeWeights affinityWeights,
        SlidingWindow shortWindow,
        SlidingWindow longWindow,
        double ctrPriorImpressions,
        double cvrPriorClicks,
        Duration recencyCap,
        Duration stateTtl)
        implements Serializable {

    public static final String RECENT_ITEMS = "features.recent_items";
    public static final String DECAY_TIME_CONSTANT = "features.decay_time_constant_ms";
    public static final String AFFINITY_CATEGORIES = "features.affinity_categories";
    public static final String AFFINITY_TIME_CONSTANT = "features.affinity_time_constant_ms";
    public static final String AFFINITY_WEIGHT_PREFIX = "features.affinity_weight.";
    public static final String SHORT_WINDOW = "features.short_window_ms";
    public static final String SHORT_WINDOW_BUCKETS = "features.short_window_buckets";
    public static final String LONG_WINDOW = "features.long_window_ms";
    public static final String LONG_WINDOW_BUCKETS = "features.long_window_buckets";
    public static final String CTR_PRIOR_IMPRESSIONS = "features.ctr_prior_impressions";
    public static final String CVR_PRIOR_CLICKS = "features.cvr_prior_clicks";
    public static final String RECENCY_CAP = "features.recency_cap_ms";
    public static final String STATE_TTL = "features.state_ttl_ms";

    /** Upper bound of {@link #recentItems} and {@link #affinityCategories}: both are read and written on every event. */
    public static final int MAX_ENTRIES = 1000;

    public static final FeatureOptions DEFAULTS = new FeatureOptions(
            20,
            Duration.ofHours(24),
            20,
            Duration.ofHours(72),
            new EventTypeWeights(0.0, 1.0, 3.0, 2.0, 4.0),
            new SlidingWindow(Duration.ofHours(1), 12),
            new SlidingWindow(Duration.ofHours(24), 24),
            20.0,
            10.0,
            Duration.ofDays(30),
            Duration.ofDays(30));

    public FeatureOptions {
        requireCount(RECENT_ITEMS, recentItems);
        requirePositive(DECAY_TIME_CONSTANT, decayTimeConstant);
        requireCount(AFFINITY_CATEGORIES, affinityCategories);
        requirePositive(AFFINITY_TIME_CONSTANT, affinityTimeConstant);
        requireNonNull(AFFINITY_WEIGHT_PREFIX + "*", affinityWeights);
        requireNonNull(SHORT_WINDOW, shortWindow);
        requireNonNull(LONG_WINDOW, longWindow);
        requirePriorWeight(CTR_PRIOR_IMPRESSIONS, ctrPriorImpressions);
        requirePriorWeight(CVR_PRIOR_CLICKS, cvrPriorClicks);
        requirePositive(RECENCY_CAP, recencyCap);
        requirePositive(STATE_TTL, stateTtl);
    }

    public double decayTimeConstantMillis() {
        return decayTimeConstant.toMillis();
    }

    public double affinityTimeConstantMillis() {
        return affinityTimeConstant.toMillis();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Returns the settings as text, under the keys that {@link #fromSettings} reads, for snapshot manifests. */
    public Map<String, String> toSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(RECENT_ITEMS, Integer.toString(recentItems));
        settings.put(DECAY_TIME_CONSTANT, Long.toString(decayTimeConstant.toMillis()));
        settings.put(AFFINITY_CATEGORIES, Integer.toString(affinityCategories));
        settings.put(AFFINITY_TIME_CONSTANT, Long.toString(affinityTimeConstant.toMillis()));
        for (EventType type : EventType.values()) {
            settings.put(AFFINITY_WEIGHT_PREFIX + type.wireName(), Double.toString(affinityWeights.weight(type)));
        }
        settings.put(SHORT_WINDOW, Long.toString(shortWindow.length().toMillis()));
        settings.put(SHORT_WINDOW_BUCKETS, Integer.toString(shortWindow.buckets()));
        settings.put(LONG_WINDOW, Long.toString(longWindow.length().toMillis()));
        settings.put(LONG_WINDOW_BUCKETS, Integer.toString(longWindow.buckets()));
        settings.put(CTR_PRIOR_IMPRESSIONS, Double.toString(ctrPriorImpressions));
        settings.put(CVR_PRIOR_CLICKS, Double.toString(cvrPriorClicks));
        settings.put(RECENCY_CAP, Long.toString(recencyCap.toMillis()));
        settings.put(STATE_TTL, Long.toString(stateTtl.toMillis()));
        return settings;
    }

    /**
     * Reads settings written by {@link #toSettings}; missing keys take the default values, and
     * keys of other components are ignored.
     *
     * @throws IllegalArgumentException naming the key when a value is not a number or is out of range
     */
    public static FeatureOptions fromSettings(Map<String, String> settings) {
        Settings read = new Settings(settings);
        EventTypeWeights weights = DEFAULTS.affinityWeights;
        for (EventType type : EventType.values()) {
            String key = AFFINITY_WEIGHT_PREFIX + type.wireName();
            double weight = read.decimal(key, weights.weight(type));
            try {
                weights = weights.with(type, weight);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
        return DEFAULTS.toBuilder()
                .recentItems(read.integer(RECENT_ITEMS, DEFAULTS.recentItems))
                .decayTimeConstant(read.millis(DECAY_TIME_CONSTANT, DEFAULTS.decayTimeConstant))
                .affinityCategories(read.integer(AFFINITY_CATEGORIES, DEFAULTS.affinityCategories))
                .affinityTimeConstant(read.millis(AFFINITY_TIME_CONSTANT, DEFAULTS.affinityTimeConstant))
                .affinityWeights(weights)
                .shortWindow(read.window(SHORT_WINDOW, SHORT_WINDOW_BUCKETS, DEFAULTS.shortWindow))
                .longWindow(read.window(LONG_WINDOW, LONG_WINDOW_BUCKETS, DEFAULTS.longWindow))
                .ctrPriorImpressions(read.decimal(CTR_PRIOR_IMPRESSIONS, DEFAULTS.ctrPriorImpressions))
                .cvrPriorClicks(read.decimal(CVR_PRIOR_CLICKS, DEFAULTS.cvrPriorClicks))
                .recencyCap(read.millis(RECENCY_CAP, DEFAULTS.recencyCap))
                .stateTtl(read.millis(STATE_TTL, DEFAULTS.stateTtl))
                .build();
    }

    private static void requireCount(String key, int value) {
        if (value < 1 || value > MAX_ENTRIES) {
            throw new IllegalArgumentException(key + " is " + value + "; expected a value from 1 to " + MAX_ENTRIES);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero() || value.toMillis() == 0) {
            throw new IllegalArgumentException(key + " is " + value + "; expected a duration of 1 ms or more");
        }
    }

    private static void requirePriorWeight(String key, double value) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException(key + " is " + value + "; expected a finite value above 0");
        }
    }

    private static void requireNonNull(String key, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(key + " is missing");
        }
    }

    /** Collects changes to a {@link FeatureOptions}; {@link #build()} validates them. */
    public static final class Builder {
        private int recentItems;
        private Duration decayTimeConstant;
        private int affinityCategories;
        private Duration affinityTimeConstant;
        private EventTypeWeights affinityWeights;
        private SlidingWindow shortWindow;
        private SlidingWindow longWindow;
        private double ctrPriorImpressions;
        private double cvrPriorClicks;
        private Duration recencyCap;
        private Duration stateTtl;

        private Builder(FeatureOptions from) {
            recentItems = from.recentItems;
            decayTimeConstant = from.decayTimeConstant;
            affinityCategories = from.affinityCategories;
            affinityTimeConstant = from.affinityTimeConstant;
            affinityWeights = from.affinityWeights;
            shortWindow = from.shortWindow;
            longWindow = from.longWindow;
            ctrPriorImpressions = from.ctrPriorImpressions;
            cvrPriorClicks = from.cvrPriorClicks;
            recencyCap = from.recencyCap;
            stateTtl = from.stateTtl;
        }

        public Builder recentItems(int value) {
            recentItems = value;
            return this;
        }

        public Builder decayTimeConstant(Duration value) {
            decayTimeConstant = value;
            return this;
        }

        public Builder affinityCategories(int value) {
            affinityCategories = value;
            return this;
        }

        public Builder affinityTimeConstant(Duration value) {
            affinityTimeConstant = value;
            return this;
        }

        public Builder affinityWeights(EventTypeWeights value) {
            affinityWeights = value;
            return this;
        }

        public Builder shortWindow(SlidingWindow value) {
            shortWindow = value;
            return this;
        }

        public Builder longWindow(SlidingWindow value) {
            longWindow = value;
            return this;
        }

        public Builder ctrPriorImpressions(double value) {
            ctrPriorImpressions = value;
            return this;
        }

        public Builder cvrPriorClicks(double value) {
            cvrPriorClicks = value;
            return this;
        }

        public Builder recencyCap(Duration value) {
            recencyCap = value;
            return this;
        }

        public Builder stateTtl(Duration value) {
            stateTtl = value;
            return this;
        }

        public FeatureOptions build() {
            return new FeatureOptions(
                    recentItems, decayTimeConstant, affinityCategories, affinityTimeConstant, affinityWeights,
                    shortWindow, longWindow, ctrPriorImpressions, cvrPriorClicks, recencyCap, stateTtl);
        }
    }

    /** Typed reads of a settings map, with errors that name the key and the value. */
    private record Settings(Map<String, String> values) {

        int integer(String key, int fallback) {
            String text = values.get(key);
            if (text == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw invalid(key, text, "an integer", e);
            }
        }

        double decimal(String key, double fallback) {
            String text = values.get(key);
            if (text == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw invalid(key, text, "a decimal number", e);
            }
        }

        Duration millis(String key, Duration fallback) {
            String text = values.get(key);
            if (text == null) {
                return fallback;
            }
            try {
                return Duration.ofMillis(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                throw invalid(key, text, "a whole number of milliseconds", e);
            }
        }

        SlidingWindow window(String lengthKey, String bucketsKey, SlidingWindow fallback) {
            Duration length = millis(lengthKey, fallback.length());
            int buckets = integer(bucketsKey, fallback.buckets());
            try {
                return new SlidingWindow(length, buckets);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(lengthKey + " and " + bucketsKey + ": " + e.getMessage(), e);
            }
        }

        private static IllegalArgumentException invalid(String key, String text, String expected, Exception cause) {
            return new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s is '%s'; expected %s", key, text, expected), cause);
        }
    }
}
