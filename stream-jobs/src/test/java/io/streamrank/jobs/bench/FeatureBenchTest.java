package io.streamrank.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.streamrank.features.replay.Dataset;
import io.streamrank.features.replay.DatasetReplay;
import io.streamrank.features.replay.ReplayOptions;
import io.streamrank.jobs.TestDatasets;
import io.streamrank.jobs.cli.FeatureBenchCommand;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

class FeatureBenchTest {

    private static final int ROWS = 5000;

    @TempDir
    Path work;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void smallRunWritesFigures() throws Exception {
        Path data = TestDatasets.directory("taobao-userbehavior/user-head");
        FeatureBenchOptions options = parse(
                "--dataset", "taobao", "--data", data.toString(), "--limit", Integer.toString(ROWS), "--passes", "2",
                "--parallelism", "2", "--checkpoint-interval", "2",
                "--freshness-rate", "2000", "--freshness-duration", "6", "--freshness-warmup", "2",
                "--no-generic-types", "--no-object-reuse",
                "--work-dir", work.resolve("bench").toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        FeatureBenchSummary summary = new FeatureBench(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        Path file = work.resolve("summary.json");
        summary.writeTo(file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());

        long eventsPerPass = DatasetReplay.open(Dataset.TAOBAO, data, ReplayOptions.builder().rowLimit(ROWS).build())
                .stream().count();
        assertThat(json.path("events").asLong()).isEqualTo(2 * eventsPerPass);
        assertThat(json.path("events_per_second").asDouble()).isPositive().isLessThan(1e9);
        assertThat(json.path("freshness_p50_ms").isNumber()).as("freshness_p50_ms is a number").isTrue();
        assertThat(json.path("freshness_p50_ms").asDouble()).isPositive().isLessThan(60_000);
        assertThat(json.path("freshness_p99_ms").asDouble())
                .isGreaterThanOrEqualTo(json.path("freshness_p50_ms").asDouble())
                .isLessThan(60_000);
        assertThat(json.path("freshness").path("windows").asInt()).isPositive();
        assertThat(json.path("freshness").path("events_sent").asLong()).isEqualTo(12_000);
        assertThat(json.path("settings").path("parallelism").asInt()).isEqualTo(2);
        assertThat(json.path("settings").path("generic_types").asBoolean()).isFalse();
        assertThat(json.path("settings").path("object_reuse").asBoolean()).isFalse();
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("[throughput", "[freshness", "Throughput:");
    }

    @Test
    void warmupLongerThanPhaseIsRejected() {
        assertThatThrownBy(() -> parse(
                        "--dataset", "taobao", "--data", work.toString(),
                        "--freshness-duration", "5", "--freshness-warmup", "5"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("freshness warm-up is PT5S but the freshness phase lasts PT5S");
    }

    @Test
    void negativeBufferTimeoutNamesTheOption() {
        assertThatThrownBy(() -> parse("--dataset", "taobao", "--data", work.toString(), "--buffer-timeout", "-5"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("option '--buffer-timeout' is -5; expected 0 or more milliseconds");
    }

    private FeatureBenchOptions parse(String... arguments) {
        CommandLine commandLine = new CommandLine(new FeatureBenchCommand());
        commandLine.parseArgs(arguments);
        return ((FeatureBenchCommand) commandLine.getCommand()).options();
    }
}
