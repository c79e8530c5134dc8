package io.streamrank.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;

class ProgressiveValidationTest {

    private static final List<String> OUTPUTS = List.of("click", "purchase");
    private static final ValidationOptions OPTIONS = new ValidationOptions(60_000, 6, 2);
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void examplesBeforePublicationCountForNoVersion() {
        ProgressiveValidation validation = new ProgressiveValidation(OUTPUTS, OPTIONS);
        validation.add(0, 0.4, true, T0);

        validation.published(5);
        validation.add(0, 0.2, false, T0 + 1);

        assertThat(validation.publishedVersion()).isEqualTo(5);
        assertThat(validation.versions()).hasSize(1);
        assertThat(validation.versions().get(0).version()).isEqualTo(5);
        assertThat(validation.versions().get(0).outputs()[0].count()).isEqualTo(1);
        assertThat(validation.versions().get(0).outputs()[1].count()).isZero();
        assertThat(validation.cumulative(0).count()).isEqualTo(2);
    }

    @Test
    void oldestVersionDroppedBeyondLimit() {
        ProgressiveValidation validation = new ProgressiveValidation(OUTPUTS, OPTIONS);

        validation.published(1);
        validation.published(2);
        validation.published(3);
        validation.published(2);

        assertThat(validation.publishedVersion()).isEqualTo(3);
        assertThat(validation.versions()).extracting(ProgressiveValidation.VersionFigures::version)
                .containsExactly(2L, 3L);
    }

    @Test
    void otherWindowStartsEmptyOnReconfigure() throws Exception {
        ProgressiveValidation validation = new ProgressiveValidation(OUTPUTS, OPTIONS);
        validation.published(1);
        validation.add(0, 0.7, true, T0);
        validation.published(2);
        validation.add(0, 0.1, false, T0);
        ProgressiveValidation restored =
                ProgressiveValidation.fromBytes(validation.toBytes(), OUTPUTS, getClass().getClassLoader());

        boolean sameWindowDiscarded = restored.reconfigure(new ValidationOptions(60_000, 6, 2));
        boolean otherWindowDiscarded = restored.reconfigure(new ValidationOptions(120_000, 6, 1));

        assertThat(sameWindowDiscarded).isFalse();
        assertThat(otherWindowDiscarded).isTrue();
        assertThat(restored.window(0).window().count()).isZero();
        assertThat(restored.window(0).windowMillis()).isEqualTo(120_000);
        assertThat(restored.cumulative(0).count()).isEqualTo(2);
        assertThat(restored.versions()).hasSize(1);
        assertThat(restored.versions().get(0).version()).isEqualTo(2);
        assertThat(restored.versions().get(0).outputs()[0].count()).isEqualTo(1);
    }

    @Test
    void restoreRejectsOtherOutputs() throws Exception {
        byte[] bytes = new ProgressiveValidation(OUTPUTS, OPTIONS).toBytes();

        assertThatThrownBy(() -> ProgressiveValidation.fromBytes(bytes, List.of("click"), getClass().getClassLoader()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("restored progressive validation has outputs [click, purchase]; expected [click]."
                        + " The state belongs to another model");
    }

    @Test
    void invalidOptionsRejected() {
        assertThatThrownBy(() -> new ValidationOptions(60_000, 7, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validation window is 60000 ms; expected a positive multiple of the bucket count 7");
        assertThatThrownBy(() -> new ValidationOptions(60_000, 0, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validation window bucket count is 0; expected 1 to 1000");
        assertThatThrownBy(() -> new ValidationOptions(60_000, 6, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validation versions kept is 0; expected 1 to 1000");
    }
}
