package io.streamrank.evaluation.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.evaluation.TestExamples;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

class ExampleGeneratorTest {

    /** Sampled impressions per click in the default replay, plus the click itself. */
    private static final int MAX_REQUEST_SIZE = 4 + 1;

    @Test
    void sliceGivesExamples() throws Exception {
        ExampleSet set = TestExamples.examples();

        assertThat(set.size()).isGreaterThan(TestExamples.ROWS);
        assertThat(set.replayStats().rowsReplayed()).isEqualTo(TestExamples.ROWS);
        assertThat(set.examples()).anyMatch(example -> example.example().click());
        assertThat(set.examples()).anyMatch(example -> !example.example().click());
        assertThat(set.examples()).anyMatch(example -> example.example().purchase());
    }

    @Test
    void purchaseImpliesClick() throws Exception {
        List<LabeledExample> purchased = TestExamples.examples().examples().stream()
                .filter(example -> example.example().purchase())
                .toList();

        assertThat(purchased).isNotEmpty();
        assertThat(purchased).allMatch(example -> example.example().click());
    }

    @Test
    void labelsComeAfterExposure() throws Exception {
        assertThat(TestExamples.examples().examples())
                .allMatch(example -> example.labelTime() >= example.eventTime());
    }

    @Test
    void examplesAreInLearningOrder() throws Exception {
        ExampleSet set = TestExamples.examples();

        for (int i = 1; i < set.size(); i++) {
            assertThat(set.orderKey(i)).isGreaterThanOrEqualTo(set.orderKey(i - 1));
        }
    }

    @Test
    void requestsGroupClickWithImpressions() throws Exception {
        Map<String, int[]> sizeAndClicks = new HashMap<>();
        for (LabeledExample example : TestExamples.examples().examples()) {
            int[] counts = sizeAndClicks.computeIfAbsent(example.requestId(), ignored -> new int[2]);
            counts[0]++;
            counts[1] += example.example().click() ? 1 : 0;
        }
        long rankable = sizeAndClicks.values().stream().filter(counts -> counts[0] >= 2 && counts[1] >= 1).count();

        assertThat(rankable).isGreaterThan(TestExamples.ROWS / 2);
        assertThat(sizeAndClicks.values()).allMatch(counts -> counts[0] <= MAX_REQUEST_SIZE);
    }

    @Test
    void countAvailableBeforeSplits() throws Exception {
        ExampleSet set = TestExamples.examples();
        long middle = set.get(set.size() / 2).eventTime();

        int count = set.countAvailableBefore(middle);

        assertThat(set.orderKey(count)).isGreaterThanOrEqualTo(middle);
        assertThat(set.orderKey(count - 1)).isLessThan(middle);
    }
}
