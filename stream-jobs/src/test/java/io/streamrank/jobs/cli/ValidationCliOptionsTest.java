package io.streamrank.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.jobs.train.ValidationOptions;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class ValidationCliOptionsTest {

    @Test
    void defaultsMatchValidationOptions() {
        ValidationCliOptions options = new ValidationCliOptions();
        new CommandLine(options).parseArgs();

        assertThat(options.validationOptions()).isEqualTo(ValidationOptions.DEFAULTS);
    }

    @Test
    void valuesReachValidationOptions() {
        ValidationCliOptions options = new ValidationCliOptions();
        new CommandLine(options).parseArgs(
                "--validation-window", "600", "--validation-buckets", "10", "--validation-versions", "3");

        assertThat(options.validationOptions()).isEqualTo(new ValidationOptions(600_000, 10, 3));
    }

    @Test
    void bucketsNotDividingWindowRejected() {
        ValidationCliOptions options = new ValidationCliOptions();
        new CommandLine(options).parseArgs("--validation-window", "600", "--validation-buckets", "7");

        assertThatThrownBy(options::validationOptions)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validation window is 600000 ms; expected a positive multiple of the bucket count 7");
    }

    @Test
    void jobAndDemoCommandsTakeOptions() {
        String[] validation = {"--validation-window", "600", "--validation-buckets", "10", "--validation-versions", "3"};

        var job = new CommandLine(new JobCommand()).parseArgs(
                concat(new String[] {"--bootstrap-servers", "127.0.0.1:9092", "--work-dir", "work"}, validation));
        var demo = new CommandLine(new DemoCommand()).parseArgs(
                concat(new String[] {"--dataset", "taobao", "--data", "data"}, validation));

        assertThat(job.matchedOptionValue("--validation-window", 0L)).isEqualTo(600L);
        assertThat(demo.matchedOptionValue("--validation-versions", 0)).isEqualTo(3);
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
