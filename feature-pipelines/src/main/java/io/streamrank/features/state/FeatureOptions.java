package io.streamrank.features.state;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the user and item features.
 *
 * @param recentItems how many of the user's latest engagements the behaviour sequence keeps
 * @param decayTimeConstant time constant of the exponential decay of item counts: a count is
 *     multiplied by exp(-dt / timeConstant) as event time moves on by dt
 */
public record FeatureOptions(int recentItems, Duration decayTimeConstant) implements Serializable {

    public static final FeatureOptions DEFAULTS = new FeatureOptions(20, Duration.ofHours(24));

    public FeatureOptions {
        if (recentItems < 1 || recentItems > 1000) {
            throw new IllegalArgumentException(
                    "recentItems is " + recentItems + "; expected a value from 1 to 1000");
        }
        if (decayTimeConstant == null || decayTimeConstant.isNegative() || decayTimeConstant.isZero()) {
            throw new IllegalArgumentException(
                    "decayTimeConstant is " + decayTimeConstant + "; expected a positive duration");
        }
    }

    public double decayTimeConstantMillis() {
        return decayTimeConstant.toMillis();
    }

    /** Returns the settings as text, under the keys that {@link #fromSettings} reads, for snapshot manifests. */
    public Map<String, String> toSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("features.recent_items", Integer.toString(recentItems));
        settings.put("features.decay_time_constant_ms", Long.toString(decayTimeConstant.toMillis()));
        return settings;
    }

    /** Reads settings written by {@link #toSettings}; missing keys take the default values. */
    public static FeatureOptions fromSettings(Map<String, String> settings) {
        return new FeatureOptions(
                Integer.parseInt(settings.getOrDefault("features.recent_items", Integer.toString(DEFAULTS.recentItems))),
                Duration.ofMillis(Long.parseLong(settings.getOrDefault(
                        "features.decay_time_constant_ms", Long.toString(DEFAULTS.decayTimeConstant.toMillis())))));
    }
}
