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
                .hasMessage("option '--validation-buckets' is 7; expected a divisor of the window of 600 s in milliseconds");
    }

    @Test
    void outOfRangeValuesNameTheirOption() {
        assertThatThrownBy(() -> parsed("--validation-window", "0").validationOptions())
                .hasMessage("option '--validation-window' is 0; expected a positive number of seconds");
        assertThatThrownBy(() -> parsed("--validation-buckets", "0").validationOptions())
                .hasMessage("option '--validation-buckets' is 0; expected 1 to 1000");
        assertThatThrownBy(() -> parsed("--validation-versions", "0").validationOptions())
                .hasMessage("option '--validation-versions' is 0; expected 1 to 1000");
    }

    private static ValidationCliOptions parsed(String... arguments) {
        ValidationCliOptions options = new ValidationCliOptions();
        new CommandLine(options).parseArgs(arguments);
        return options;
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
