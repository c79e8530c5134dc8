package io.streamrank.features.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

    @Test
    void defaultValues() {
        ReplayOptions options = ReplayOptions.defaults();

        assertThat(options.negativesPerClick()).isEqualTo(4);
        assertThat(options.seed()).isEqualTo(1L);
        assertThat(options.rowLimit()).isEmpty();
    }

    @Test
    void builderSetsValues() {
        ReplayOptions options = ReplayOptions.builder().negativesPerClick(2).seed(9).rowLimit(100).build();

        assertThat(options.negativesPerClick()).isEqualTo(2);
        assertThat(options.seed()).isEqualTo(9L);
        assertThat(options.rowLimit()).hasValue(100L);
    }

    @Test
    void toBuilderKeepsValues() {
        ReplayOptions options = ReplayOptions.builder().negativesPerClick(2).seed(9).rowLimit(100).build();

        assertThat(options.toBuilder().build()).isEqualTo(options);
        assertThat(options.toBuilder().noRowLimit().build().rowLimit()).isEmpty();
    }

    @Test
    void negativeCountRejected() {
        assertThatThrownBy(() -> ReplayOptions.builder().negativesPerClick(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negativesPerClick is -1; expected 0 to 1000");
    }

    @Test
    void excessiveCountRejected() {
        assertThatThrownBy(() -> ReplayOptions.builder().negativesPerClick(1001).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negativesPerClick is 1001; expected 0 to 1000");
    }

    @Test
    void zeroRowLimitRejected() {
        assertThatThrownBy(() -> ReplayOptions.builder().rowLimit(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rowLimit is 0; expected 1 or more, or no limit");
    }
}
