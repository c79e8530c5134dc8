package io.streamrank.model.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.GlobalRates;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

class FeatureVectorsTest {

    /** Model inputs are floats: values are compared at float precision. */
    private static final float FLOAT_TOLERANCE = 1e-6f;

    private static final FeatureOptions OPTIONS = FeatureOptions.DEFAULTS;
    private static final long HOUR = 3_600_000L;
    /** 2023-11-14 00:00 UTC. */
    private static final long MIDNIGHT = 1_699_920_000_000L;

    @Test
    void vectorsWriteOnlyTheirSlots() {
        UserFeatures user = activeUser();
        ItemFeatures item = ItemFeatures.empty(10);
        int offset = 3;

        assertWritesOnly(FeatureVectors.USER_SIZE, offset,
                target -> FeatureVectors.user(user, MIDNIGHT, OPTIONS, target, offset));
        assertWritesOnly(FeatureVectors.ITEM_SIZE, offset,
                target -> FeatureVectors.item(item, MIDNIGHT, OPTIONS, target, offset));
        assertWritesOnly(FeatureVectors.CROSS_SIZE, offset,
                target -> FeatureVectors.cross(user, item, MIDNIGHT, OPTIONS, target, offset));
        assertWritesOnly(FeatureVectors.CONTEXT_SIZE, offset,
                target -> FeatureVectors.context(MIDNIGHT, 2, target, offset));
    }

    @Test
    void newUserFlagAndCappedRecency() {
        float[] vector = new float[FeatureVectors.USER_SIZE];

        FeatureVectors.user(UserFeatures.empty(1), MIDNIGHT, OPTIONS, vector, 0);

        float capped = (float) Math.log1p(OPTIONS.recencyCap().toMillis() / (double) HOUR);
        assertThat(vector[5]).isEqualTo(1f);
        assertThat(Arrays.copyOfRange(vector, 17, 22)).containsOnly(capped);
        assertThat(Arrays.copyOfRange(vector, 7, 17)).containsOnly(0f);
    }

    @Test
    void userSlotsAtScoringTime() {
        UserFeatures user = activeUser();
        long time = MIDNIGHT + 2 * HOUR;
        float[] vector = new float[FeatureVectors.USER_SIZE];

        FeatureVectors.user(user, time, OPTIONS, vector, 0);

        // Two clicks at 00:00 and 01:30, a purchase at 01:30 and an impression at 01:45.
        assertThat(vector[1]).isCloseTo((float) Math.log1p(2), within(FLOAT_TOLERANCE));
        assertThat(vector[6]).isCloseTo((float) Math.log1p(0.25), within(FLOAT_TOLERANCE));
        assertThat(vector[7 + 1]).as("clicks in the last hour").isCloseTo((float) Math.log1p(1), within(FLOAT_TOLERANCE));
        assertThat(vector[12 + 1]).as("clicks in the last day").isCloseTo((float) Math.log1p(2), within(FLOAT_TOLERANCE));
        assertThat(vector[17 + 1]).as("hours since a click").isCloseTo((float) Math.log1p(0.5), within(FLOAT_TOLERANCE));
        assertThat(vector[17 + 4]).as("hours since a purchase").isCloseTo((float) Math.log1p(0.5), within(FLOAT_TOLERANCE));
        double tau = OPTIONS.affinityTimeConstantMillis();
        double affinity = Math.exp(-2 * HOUR / tau) + 5 * Math.exp(-0.5 * HOUR / tau);
        assertThat(vector[22]).isCloseTo((float) Math.log1p(affinity), within(FLOAT_TOLERANCE));
        assertThat(Arrays.copyOfRange(vector, 23, 27)).containsExactly(2f / 3, 0f, 0f, 1f / 3);
    }

    @Test
    void itemSlotsDecayedAndSmoothed() {
        GlobalRates prior = new GlobalRates(MIDNIGHT, 100, 10, 1);
        ItemFeatures item = ItemFeatures.empty(10, prior)
                .apply(Event.engagement("c", EventType.CLICK, 1, 10, 3, MIDNIGHT), prior, OPTIONS);
        long time = MIDNIGHT + OPTIONS.decayTimeConstant().toMillis();
        float[] vector = new float[FeatureVectors.ITEM_SIZE];

        FeatureVectors.item(item, time, OPTIONS, vector, 0);

        double clicks = Math.exp(-1);
        double m = OPTIONS.ctrPriorImpressions();
        double mc = OPTIONS.cvrPriorClicks();
        assertThat(vector[1]).isCloseTo((float) Math.log1p(clicks), within(FLOAT_TOLERANCE));
        assertThat(vector[3]).isCloseTo((float) ((0 + mc * 0.1) / (clicks + mc)), within(FLOAT_TOLERANCE));
        assertThat(vector[5]).isZero();
        assertThat(vector[6]).isCloseTo((float) ((clicks + m * 0.1) / (0 + m)), within(FLOAT_TOLERANCE));
    }

    @Test
    void crossSlotsUseCategoryAffinity() {
        UserFeatures user = activeUser();
        ItemFeatures inCategory = ItemFeatures.empty(99).apply(
                Event.engagement("x", EventType.CLICK, 2, 99, 7, MIDNIGHT), GlobalRates.NONE, OPTIONS);
        float[] vector = new float[FeatureVectors.CROSS_SIZE];

        FeatureVectors.cross(user, inCategory, MIDNIGHT + 2 * HOUR, OPTIONS, vector, 0);

        double tau = OPTIONS.affinityTimeConstantMillis();
        double seven = 5 * Math.exp(-0.5 * HOUR / tau);
        double total = seven + Math.exp(-2 * HOUR / tau);
        assertThat(vector[0]).isZero();
        assertThat(vector[1]).as("two of three engagements in category 7").isCloseTo(2f / 3, within(FLOAT_TOLERANCE));
        assertThat(vector[2]).isCloseTo((float) Math.log1p(seven), within(FLOAT_TOLERANCE));
        assertThat(vector[3]).isCloseTo((float) (seven / total), within(FLOAT_TOLERANCE));
    }

    @Test
    void contextIsUtcHourAndPosition() {
        float[] sixAm = new float[FeatureVectors.CONTEXT_SIZE];
        float[] justBeforeMidnight = new float[FeatureVectors.CONTEXT_SIZE];

        FeatureVectors.context(MIDNIGHT + 6 * HOUR, 3, sixAm, 0);
        FeatureVectors.context(MIDNIGHT - 1, FeatureVectors.SERVING_POSITION, justBeforeMidnight, 0);

        assertThat(sixAm[0]).isCloseTo(1f, within(FLOAT_TOLERANCE));
        assertThat(sixAm[1]).isCloseTo(0f, within(FLOAT_TOLERANCE));
        assertThat(sixAm[2]).isCloseTo((float) Math.log1p(3), within(FLOAT_TOLERANCE));
        assertThat(justBeforeMidnight[0]).isCloseTo(0f, within(1e-4f));
        assertThat(justBeforeMidnight[1]).isCloseTo(1f, within(FLOAT_TOLERANCE));
        assertThat(justBeforeMidnight[2]).isZero();
    }

    @Test
    void onlyLoggedSlotsTrainPosition() {
        assertThat(FeatureVectors.trainingPosition(example(4, false))).isEqualTo(4);
        assertThat(FeatureVectors.trainingPosition(example(4, true))).isEqualTo(FeatureVectors.SERVING_POSITION);
        assertThat(FeatureVectors.trainingPosition(example(Event.NO_POSITION, false)))
                .isEqualTo(FeatureVectors.SERVING_POSITION);
    }

    /** Returns a user with clicks at 00:00 (category 3) and 01:30 (category 7), a purchase at 01:30 (7) and an impression at 01:45. */
    private static UserFeatures activeUser() {
        return UserFeatures.empty(1)
                .apply(Event.engagement("a", EventType.CLICK, 1, 10, 3, MIDNIGHT), OPTIONS)
                .apply(Event.engagement("b", EventType.CLICK, 1, 11, 7, MIDNIGHT + 90 * 60_000), OPTIONS)
                .apply(Event.engagement("c", EventType.PURCHASE, 1, 11, 7, MIDNIGHT + 90 * 60_000), OPTIONS)
                .apply(Event.impression("d", 1, 12, 3, MIDNIGHT + 105 * 60_000, "r", 0, false), OPTIONS);
    }

    private static TrainingExample example(int position, boolean sampled) {
        return new TrainingExample("e", 1, 2, MIDNIGHT, position, sampled,
                UserFeatures.empty(1), ItemFeatures.empty(2), false, false);
    }

    private static void assertWritesOnly(int size, int offset, java.util.function.Consumer<float[]> writer) {
        float[] target = new float[offset + size + 2];
        Arrays.fill(target, Float.NaN);

        writer.accept(target);

        for (int i = 0; i < target.length; i++) {
            boolean inside = i >= offset && i < offset + size;
            assertThat(Float.isNaN(target[i])).as("slot %d of a vector of %d at offset %d", i, size, offset)
                    .isEqualTo(!inside);
        }
    }
}
