package io.streamrank.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.jobs.train.ValidationOptions;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

class JobOptionsTest {

    private static final Path WORK = Path.of("work");

    @Test
    void ingestDefaults() {
        JobOptions options = JobOptions.builder("127.0.0.1:9092", WORK).build();

        assertThat(options.allowedLateness()).isEqualTo(Duration.ZERO);
        assertThat(options.eventIdTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.negativeKeepRate()).isEqualTo(1.0);
        assertThat(options.topics().lateEvents()).isEqualTo("events-late");
        assertThat(options.topics().all()).contains("events-late");
    }

    @Test
    void ingestSettingsKept() {
        JobOptions options = JobOptions.builder("127.0.0.1:9092", WORK)
                .allowedLateness(Duration.ofSeconds(30))
                .eventIdTtl(Duration.ofHours(1))
                .negativeKeepRate(0.1)
                .build();

        assertThat(options.allowedLateness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.eventIdTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(options.negativeKeepRate()).isEqualTo(0.1);
    }

    @Test
    void invalidIngestSettingsRejected() {
        assertThatThrownBy(() -> JobOptions.builder("127.0.0.1:9092", WORK).allowedLateness(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowed lateness is PT-0.001S; expected zero or more");
        assertThatThrownBy(() -> JobOptions.builder("127.0.0.1:9092", WORK).eventIdTtl(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event id TTL is PT0S; expected a positive duration");
        assertThatThrownBy(() -> JobOptions.builder("127.0.0.1:9092", WORK).negativeKeepRate(0.0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative keep rate is 0.0; expected a number in (0, 1], where 1 keeps every negative example");
        assertThatThrownBy(() -> JobOptions.builder("127.0.0.1:9092", WORK).negativeKeepRate(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("negative keep rate is NaN");
    }

    @Test
    void validationReachesTrainers() {
        ValidationOptions validation = new ValidationOptions(600_000, 10, 3);

        JobOptions defaults = JobOptions.builder("127.0.0.1:9092", WORK).build();
        JobOptions set = JobOptions.builder("127.0.0.1:9092", WORK).validation(validation).build();

        assertThat(defaults.trainerOptions().validation()).isEqualTo(ValidationOptions.DEFAULTS);
        assertThat(set.trainerOptions().validation()).isEqualTo(validation);
    }
}
