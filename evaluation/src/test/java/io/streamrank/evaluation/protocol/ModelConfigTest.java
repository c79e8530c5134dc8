package io.streamrank.evaluation.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelConfigTest {

    @Test
    void nameAloneKeepsDefaults() {
        ModelConfig config = ModelConfig.parse("baseline");

        assertThat(config.name()).isEqualTo("baseline");
        assertThat(config.settings()).isEqualTo(ModelConfig.defaults().settings());
    }

    @Test
    void settingsOverrideDefaults() {
        ModelConfig config = ModelConfig.parse(
                "wide:ranker.hidden=128x64, embedding.learning_rate=0.05,prerank.distillation_weight=0,batch_size=128");

        assertThat(config.ranker().hidden()).containsExactly(128, 64);
        assertThat(config.ranker().embedding().learningRate()).isEqualTo(0.05);
        assertThat(config.prerank().embedding().learningRate()).isEqualTo(0.05);
        assertThat(config.prerank().distillationWeight()).isZero();
        assertThat(config.batchSize()).isEqualTo(128);
        assertThat(config.prerank().learningRate()).isEqualTo(ModelConfig.defaults().prerank().learningRate());
    }

    @Test
    void replayKeysSetOnlineLearningOnly() {
        ModelConfig config = ModelConfig.parse("replay:experience_replay.capacity=4096,experience_replay.ratio=0.5,experience_replay.seed=9");

        assertThat(config.replay().capacity()).isEqualTo(4096);
        assertThat(config.replay().ratio()).isEqualTo(0.5);
        assertThat(config.replay().seed()).isEqualTo(9);
        assertThat(config.settings()).containsEntry("experience_replay.capacity", "4096");
        assertThat(config.batchTraining().replay().enabled()).isFalse();
        assertThat(config.batchTraining().withName(ModelConfig.DEFAULT_NAME).settings())
                .isEqualTo(ModelConfig.defaults().batchTraining().settings());
    }

    @Test
    void invalidReplayRejected() {
        assertThatThrownBy(() -> ModelConfig.parse("x:experience_replay.ratio=-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replay ratio is -1.0");
    }

    @Test
    void unknownKeyNamesValidKeys() {
        assertThatThrownBy(() -> ModelConfig.parse("x:ranker.depth=3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ranker.depth'")
                .hasMessageContaining("ranker.hidden");
    }

    @Test
    void invalidNumberNamesKey() {
        assertThatThrownBy(() -> ModelConfig.parse("x:ranker.learning_rate=fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fast'")
                .hasMessageContaining("ranker.learning_rate");
    }

    @Test
    void outOfRangeValueRejected() {
        assertThatThrownBy(() -> ModelConfig.parse("x:prerank.distillation_weight=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distillationWeight is 2.0");
    }

    @Test
    void invalidNameRejected() {
        assertThatThrownBy(() -> ModelConfig.parse("two words"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'two words'");
    }
}
