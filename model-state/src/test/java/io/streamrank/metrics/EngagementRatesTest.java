package io.streamrank.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngagementRatesTest {

    @Test
    void ratesDivideCounts() {
        assertThat(EngagementRates.clickThroughRate(3, 200).orElseThrow()).isEqualTo(0.015);
        assertThat(EngagementRates.conversionRate(1, 4).orElseThrow()).isEqualTo(0.25);
        assertThat(EngagementRates.clickThroughRate(0, 10).orElseThrow()).isEqualTo(0.0);
        assertThat(EngagementRates.conversionRate(7, 7).orElseThrow()).isEqualTo(1.0);
    }

    @Test
    void zeroDenominatorIsUndefined() {
        assertThat(EngagementRates.clickThroughRate(0, 0)).isEmpty();
        assertThat(EngagementRates.conversionRate(0, 0)).isEmpty();
    }

    @Test
    void badCountsRejected() {
        assertThatThrownBy(() -> EngagementRates.clickThroughRate(5, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clicks 5")
                .hasMessageContaining("impressions 4");
        assertThatThrownBy(() -> EngagementRates.conversionRate(2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("purchases 2")
                .hasMessageContaining("clicks 1");
        assertThatThrownBy(() -> EngagementRates.clickThroughRate(-1, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clicks -1");
        assertThatThrownBy(() -> EngagementRates.conversionRate(0, -3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clicks -3");
    }
}
