package io.streamrank.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.evaluation.examples.LabeledExample;
import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class BatchCompositionTest {

    private static final double TOLERANCE = 1e-12;

    @Test
    void sortedStreamLessMixedThanShuffle() {
        // 40 users with 10 examples each, one user after the other; the first 20 users click
        // everything and the others nothing.
        List<LabeledExample> examples = new ArrayList<>();
        for (int user = 0; user < 40; user++) {
            for (int i = 0; i < 10; i++) {
                examples.add(labeled(examples.size(), user, user < 20));
            }
        }

        BatchComposition composition = BatchComposition.of(examples, 20, 1L);

        assertThat(composition.batches()).isEqualTo(20);
        assertThat(composition.distinctUsers()).isCloseTo(2.0, within(TOLERANCE));
        assertThat(composition.shuffledDistinctUsers()).isGreaterThan(10.0);
        assertThat(composition.clickRateSpread()).isCloseTo(0.5, within(TOLERANCE));
        assertThat(composition.shuffledClickRateSpread()).isLessThan(0.25);
        assertThat(composition.purchaseRateSpread()).isZero();
    }

    @Test
    void noFullBatchGivesZeros() {
        BatchComposition composition = BatchComposition.of(List.of(labeled(0, 1, true)), 20, 1L);

        assertThat(composition.batches()).isZero();
        assertThat(composition.distinctUsers()).isZero();
    }

    private static LabeledExample labeled(int index, long user, boolean click) {
        TrainingExample example = new TrainingExample("e" + index, user, 7, 1_000L * index, -1, false,
                UserFeatures.empty(user), ItemFeatures.empty(7), click, false);
        return new LabeledExample(example, 1_000L * index, "r" + index);
    }
}
