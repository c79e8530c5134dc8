package io.streamrank.features.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.features.event.EventType;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

class FeatureOptionsTest {

    @Test
    void settingsRoundTrip() {
        FeatureOptions options = FeatureOptions.DEFAULTS.toBuilder()
                .recentItems(7)
                .decayTimeConstant(Duration.ofHours(6))
                .affinityCategories(9)
                .affinityTimeConstant(Duration.ofDays(2))
                .affinityWeights(new EventTypeWeights(0.5, 1, 2, 3, 4.25))
                .shortWindow(new SlidingWindow(Duration.ofMinutes(30), 6))
                .longWindow(new SlidingWindow(Duration.ofHours(12), 48))
                .ctrPriorImpressions(12.5)
                .cvrPriorClicks(3)
                .recencyCap(Duration.ofDays(7))
                .stateTtl(Duration.ofDays(3))
                .build();

        assertThat(FeatureOptions.fromSettings(options.toSettings())).isEqualTo(options);
    }

    @Test
    void missingKeysTakeDefaults() {
        Map<String, String> settings = new HashMap<>(Map.of("embedding.dimension", "16"));
        settings.put(FeatureOptions.RECENT_ITEMS, "5");

        FeatureOptions options = FeatureOptions.fromSettings(settings);

        assertThat(options).isEqualTo(FeatureOptions.DEFAULTS.toBuilder().recentItems(5).build());
        assertThat(FeatureOptions.fromSettings(Map.of())).isEqualTo(FeatureOptions.DEFAULTS);
    }

    @Test
    void defaultsMatchDocs() {
        FeatureOptions defaults = FeatureOptions.DEFAULTS;

        assertThat(defaults.shortWindow().bucketMillis()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(defaults.longWindow().bucketMillis()).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(defaults.affinityWeights().weight(EventType.IMPRESSION)).isZero();
        assertThat(defaults.toSettings()).containsEntry("features.short_window_ms", "3600000")
                .containsEntry("features.affinity_weight.purchase", "4.0")
                .hasSize(17);
    }

    @Test
    void errorsNameKeyAndValue() {
        assertThatThrownBy(() -> FeatureOptions.fromSettings(Map.of(FeatureOptions.RECENT_ITEMS, "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features.recent_items is 'many'; expected an integer");
        assertThatThrownBy(() -> FeatureOptions.fromSettings(Map.of(FeatureOptions.AFFINITY_CATEGORIES, "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features.affinity_categories is 0; expected a value from 1 to 1000");
        assertThatThrownBy(() -> FeatureOptions.fromSettings(Map.of("features.affinity_weight.cart", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features.affinity_weight.cart: weight of cart is -1.0; expected a finite value of 0 or more");
        assertThatThrownBy(() -> FeatureOptions.fromSettings(Map.of(FeatureOptions.SHORT_WINDOW_BUCKETS, "7")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features.short_window_ms and features.short_window_buckets: window of PT1H cannot be cut"
                        + " into 7 buckets of whole milliseconds; expected a length in milliseconds that the bucket"
                        + " count divides");
        assertThatThrownBy(() -> FeatureOptions.DEFAULTS.toBuilder().stateTtl(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features.state_ttl_ms is PT0S; expected a duration of 1 ms or more");
        assertThatThrownBy(() -> FeatureOptions.DEFAULTS.toBuilder().ctrPriorImpressions(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features.ctr_prior_impressions is 0.0; expected a finite value above 0");
    }
}
