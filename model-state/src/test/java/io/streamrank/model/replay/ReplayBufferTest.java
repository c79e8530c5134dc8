package io.streamrank.model.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

class ReplayBufferTest {

    private static final ExperienceReplayOptions OPTIONS = new ExperienceReplayOptions(100, 0.5, 17L);

    @Test
    void keepsNewestUpToCapacity() {
        ReplayBuffer<Integer> buffer = new ReplayBuffer<>(OPTIONS);

        buffer.add(range(0, 60));
        assertThat(buffer.size()).isEqualTo(60);
        buffer.add(range(60, 250));

        assertThat(buffer.size()).isEqualTo(100);
        assertThat(buffer.contents()).containsExactlyElementsOf(range(150, 250));
    }

    @Test
    void sampleDrawsDistinctHeldExamples() {
        ReplayBuffer<Integer> buffer = new ReplayBuffer<>(OPTIONS);
        buffer.add(range(0, 250));

        List<Integer> drawn = buffer.sample(64);

        assertThat(drawn).hasSize(32);
        assertThat(new HashSet<>(drawn)).hasSize(32);
        assertThat(drawn).allSatisfy(example -> assertThat(example).isBetween(150, 249));
    }

    @Test
    void sampleCappedAtSize() {
        ReplayBuffer<Integer> buffer = new ReplayBuffer<>(OPTIONS);
        buffer.add(range(0, 5));

        assertThat(buffer.sample(64)).containsExactlyInAnyOrderElementsOf(range(0, 5));
        assertThat(new ReplayBuffer<Integer>(OPTIONS).sample(64)).isEmpty();
    }

    @Test
    void sampleUniformOverPositions() {
        ReplayBuffer<Integer> buffer = new ReplayBuffer<>(new ExperienceReplayOptions(50, 0.2, 3L));
        buffer.add(range(0, 50));
        int draws = 20_000;
        int[] counts = new int[50];

        for (int draw = 0; draw < draws; draw++) {
            for (int example : buffer.sample(50)) {
                counts[example]++;
            }
        }

        // Each position is drawn with probability 10/50 per call: mean 4,000, standard deviation 57.
        double expected = draws * 10 / 50.0;
        for (int example = 0; example < counts.length; example++) {
            assertThat(counts[example]).as("draws of example %d", example).isBetween((int) (expected - 300), (int) (expected + 300));
        }
    }

    @Test
    void sameSeedSameDraws() {
        List<List<Integer>> first = drawSequence(new ReplayBuffer<>(OPTIONS));
        List<List<Integer>> second = drawSequence(new ReplayBuffer<>(OPTIONS));
        List<List<Integer>> otherSeed = drawSequence(new ReplayBuffer<>(new ExperienceReplayOptions(100, 0.5, 18L)));

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void restoreContinuesDraws() {
        ReplayBuffer<Integer> original = new ReplayBuffer<>(OPTIONS);
        original.add(range(0, 130));
        original.sample(40);
        original.sample(40);

        ReplayBuffer<Integer> restored = ReplayBuffer.restore(OPTIONS, original.contents(), original.draws());

        assertThat(restored.contents()).isEqualTo(original.contents());
        assertThat(restored.draws()).isEqualTo(2);
        assertThat(restored.sample(40)).isEqualTo(original.sample(40));
        original.add(range(130, 150));
        restored.add(range(130, 150));
        assertThat(restored.sample(40)).isEqualTo(original.sample(40));
    }

    @Test
    void restoreWithLowerCapacityKeepsNewest() {
        ReplayBuffer<Integer> restored = ReplayBuffer.restore(new ExperienceReplayOptions(10, 1.0, 1L), range(0, 100), 5);

        assertThat(restored.contents()).containsExactlyElementsOf(range(90, 100));
    }

    @Test
    void copyIsIndependent() {
        ReplayBuffer<Integer> original = new ReplayBuffer<>(OPTIONS);
        original.add(range(0, 50));
        ReplayBuffer<Integer> copy = original.copy();

        original.add(range(50, 60));

        assertThat(copy.contents()).containsExactlyElementsOf(range(0, 50));
        assertThat(copy.sample(20)).isEqualTo(ReplayBuffer.restore(OPTIONS, range(0, 50), 0).sample(20));
    }

    @Test
    void disabledHoldsNothing() {
        for (ExperienceReplayOptions disabled : List.of(ExperienceReplayOptions.DISABLED, new ExperienceReplayOptions(0, 1.0, 1L), new ExperienceReplayOptions(100, 0.0, 1L))) {
            ReplayBuffer<Integer> buffer = new ReplayBuffer<>(disabled);
            buffer.add(range(0, 10));

            assertThat(disabled.enabled()).isFalse();
            assertThat(buffer.size()).as("size with %s", disabled).isZero();
            assertThat(buffer.sample(10)).as("draw with %s", disabled).isEmpty();
        }
    }

    @Test
    void invalidOptionsRejected() {
        assertThatThrownBy(() -> new ExperienceReplayOptions(-1, 1.0, 1L)).hasMessageContaining("replay capacity is -1");
        assertThatThrownBy(() -> new ExperienceReplayOptions(ExperienceReplayOptions.MAX_CAPACITY + 1, 1.0, 1L))
                .hasMessageContaining("expected 0 (no replay) to " + ExperienceReplayOptions.MAX_CAPACITY);
        assertThatThrownBy(() -> new ExperienceReplayOptions(10, Double.NaN, 1L)).hasMessageContaining("replay ratio is NaN");
        assertThatThrownBy(() -> new ExperienceReplayOptions(10, 17.0, 1L)).hasMessageContaining("replay ratio is 17.0");
    }

    /** Adds 30 examples at a time and draws before each addition, as a trainer does per batch. */
    private static List<List<Integer>> drawSequence(ReplayBuffer<Integer> buffer) {
        List<List<Integer>> draws = new ArrayList<>();
        for (int batch = 0; batch < 8; batch++) {
            draws.add(buffer.sample(30));
            buffer.add(range(30 * batch, 30 * batch + 30));
        }
        return draws;
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }
}
