package io.streamrank.serving.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.model.ranker.RankerModel;
import io.streamrank.model.snapshot.SnapshotManifest;
import io.streamrank.serving.TestSnapshots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class NegativeSamplingCorrectionTest {

    /** Rounding tolerance of the hand-worked values, which are exact fractions. */
    private static final double EXACT = 1e-12;

    /** Tolerance for probabilities that passed through a float. */
    private static final double FLOAT_ROUNDING = 1e-6;

    private static final double KEEP_RATE = 0.25;
    private static final long TIME = 1_700_000_000_000L;
    private static final List<ItemFeatures> ITEMS =
            List.of(ItemFeatures.empty(100), ItemFeatures.empty(101), ItemFeatures.empty(102));

    @TempDir
    Path root;

    @Test
    void clickHandWorked() {
        // p = 0.5, w = 0.25: 0.5 / (0.5 + 0.5 / 0.25) = 0.5 / 2.5
        assertThat(NegativeSamplingCorrection.click(0.5, 0.25)).isCloseTo(0.2, within(EXACT));
        // p = 0.2, w = 0.1: 0.2 / (0.2 + 0.8 / 0.1) = 0.2 / 8.2 = 1 / 41
        assertThat(NegativeSamplingCorrection.click(0.2, 0.1)).isCloseTo(1.0 / 41.0, within(EXACT));
        // p = 0.9, w = 0.5: 0.9 / (0.9 + 0.1 / 0.5) = 0.9 / 1.1 = 9 / 11
        assertThat(NegativeSamplingCorrection.click(0.9, 0.5)).isCloseTo(9.0 / 11.0, within(EXACT));
    }

    @Test
    void clickEdgeCases() {
        assertThat(NegativeSamplingCorrection.click(0.0, 0.25)).isEqualTo(0.0);
        assertThat(NegativeSamplingCorrection.click(1.0, 0.25)).isEqualTo(1.0);
        assertThat(NegativeSamplingCorrection.click(0.3, 1.0)).isEqualTo(0.3);
        assertThat(NegativeSamplingCorrection.click(Double.NaN, 0.25)).isNaN();
    }

    @Test
    void clickUndoesDownsampling() {
        // A stream with a click rate of 2%, thinned to 10% of its negatives: 0.02 / (0.02 + 0.98 * 0.1).
        double thinned = 0.02 / (0.02 + 0.98 * 0.1);

        assertThat(NegativeSamplingCorrection.click(thinned, 0.1)).isCloseTo(0.02, within(EXACT));
    }

    @Test
    void purchaseHandWorked() {
        // r = 0.1, p = 0.5, w = 0.25: 0.1 * 0.25 / (1 - 0.5 + 0.5 * 0.25) = 0.025 / 0.625
        assertThat(NegativeSamplingCorrection.purchase(0.1, 0.5, 0.25)).isCloseTo(0.04, within(EXACT));
        // The same as r * q / p with q = 0.2 from clickHandWorked.
        assertThat(NegativeSamplingCorrection.purchase(0.1, 0.5, 0.25)).isCloseTo(0.1 * 0.2 / 0.5, within(EXACT));
        // p = 0: r * w.
        assertThat(NegativeSamplingCorrection.purchase(0.1, 0.0, 0.25)).isCloseTo(0.025, within(EXACT));
        assertThat(NegativeSamplingCorrection.purchase(0.1, 0.5, 1.0)).isEqualTo(0.1);
    }

    @Test
    void keepRateFromSettings() {
        assertThat(NegativeSamplingCorrection.keepRate(Map.of())).isEqualTo(1.0);
        assertThat(NegativeSamplingCorrection.keepRate(Map.of(NegativeSamplingCorrection.KEEP_RATE_SETTING, "0.25")))
                .isEqualTo(0.25);
    }

    @Test
    void invalidKeepRateRejected() {
        assertThatThrownBy(() -> NegativeSamplingCorrection.keepRate(
                        Map.of(NegativeSamplingCorrection.KEEP_RATE_SETTING, "a quarter")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting sampling.negative_keep_rate is 'a quarter'; expected a number in (0, 1]");
        assertThatThrownBy(() -> NegativeSamplingCorrection.keepRate(
                        Map.of(NegativeSamplingCorrection.KEEP_RATE_SETTING, "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative keep rate is 0.0; expected a number in (0, 1], where 1 keeps every negative");
    }

    @Test
    void rankerCorrectsOutputs() {
        ServingRanker plain = loadRanker(root.resolve("plain"), TestSnapshots.settings());
        ServingRanker thinned = loadRanker(root.resolve("thinned"), settingsWithKeepRate());

        float[][] raw = plain.predict(1, UserFeatures.empty(1), ITEMS, TIME);
        float[][] served = thinned.predict(1, UserFeatures.empty(1), ITEMS, TIME);

        assertThat(plain.negativeKeepRate()).isEqualTo(1.0);
        assertThat(thinned.negativeKeepRate()).isEqualTo(KEEP_RATE);
        for (int i = 0; i < ITEMS.size(); i++) {
            double click = raw[i][RankerModel.CLICK];
            double purchase = raw[i][RankerModel.PURCHASE];
            assertThat((double) served[i][RankerModel.CLICK]).as("click of row %d", i)
                    .isCloseTo(NegativeSamplingCorrection.click(click, KEEP_RATE), within(FLOAT_ROUNDING));
            assertThat((double) served[i][RankerModel.PURCHASE]).as("purchase of row %d", i)
                    .isCloseTo(NegativeSamplingCorrection.purchase(purchase, click, KEEP_RATE), within(FLOAT_ROUNDING));
            assertThat(served[i][RankerModel.CLICK]).as("click of row %d", i).isLessThan(raw[i][RankerModel.CLICK]);
        }
    }

    @Test
    void prerankCorrectsScores() {
        ServingPrerank plain = loadPrerank(root.resolve("plain"), TestSnapshots.settings());
        ServingPrerank thinned = loadPrerank(root.resolve("thinned"), settingsWithKeepRate());

        double[] raw = plain.scores(plain.userVector(1, UserFeatures.empty(1), TIME), ITEMS, TIME);
        double[] served = thinned.scores(thinned.userVector(1, UserFeatures.empty(1), TIME), ITEMS, TIME);

        for (int i = 0; i < ITEMS.size(); i++) {
            assertThat(served[i]).as("score of row %d", i)
                    .isCloseTo(NegativeSamplingCorrection.click(raw[i], KEEP_RATE), within(EXACT));
        }
    }

    private static Map<String, String> settingsWithKeepRate() {
        Map<String, String> settings = new HashMap<>(TestSnapshots.settings());
        settings.put(NegativeSamplingCorrection.KEEP_RATE_SETTING, Double.toString(KEEP_RATE));
        return settings;
    }

    private static ServingRanker loadRanker(Path directory, Map<String, String> settings) {
        SnapshotLoader loader = new SnapshotLoader(directory);
        LoadOutcome outcome = loader.apply(TestSnapshots.write(directory, manifest("ranker", settings),
                TestSnapshots.rankerNetworks(), TestSnapshots.rows(1, 5, 2), TestSnapshots.rows(100, 110, 1)));
        assertThat(outcome).as("loading the ranker snapshot").isEqualTo(LoadOutcome.LOADED);
        return loader.current().ranker();
    }

    private static ServingPrerank loadPrerank(Path directory, Map<String, String> settings) {
        SnapshotLoader loader = new SnapshotLoader(directory);
        LoadOutcome outcome = loader.apply(TestSnapshots.write(directory, manifest("prerank", settings),
                TestSnapshots.prerankNetworks(), TestSnapshots.rows(1, 5, 2), TestSnapshots.rows(100, 110, 1)));
        assertThat(outcome).as("loading the prerank snapshot").isEqualTo(LoadOutcome.LOADED);
        return loader.current().prerank();
    }

    private static SnapshotManifest manifest(String model, Map<String, String> settings) {
        return new SnapshotManifest(
                model, 1, SnapshotManifest.Kind.FULL, 1, -1, 0, 0, 0, TestSnapshots.DIMENSION, settings, Map.of());
    }
}
