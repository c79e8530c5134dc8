package io.streamrank.features.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetTest {

    @Test
    void fromNameFindsMovieLens() {
        assertThat(Dataset.fromName("movielens-100k")).isEqualTo(Dataset.MOVIELENS_100K);
    }

    @Test
    void fromNameFindsTaobao() {
        assertThat(Dataset.fromName("taobao")).isEqualTo(Dataset.TAOBAO);
    }

    @Test
    void fromNameRejectsUnknown() {
        assertThatThrownBy(() -> Dataset.fromName("movielens-1m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown dataset 'movielens-1m'; expected one of movielens-100k, taobao");
    }

    @Test
    void fromNameIsCaseSensitive() {
        assertThatThrownBy(() -> Dataset.fromName("TAOBAO")).isInstanceOf(IllegalArgumentException.class);
    }
}
