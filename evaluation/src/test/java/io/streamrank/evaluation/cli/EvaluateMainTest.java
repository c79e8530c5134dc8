package io.streamrank.evaluation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.evaluation.TestExamples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

class EvaluateMainTest {

    @TempDir
    Path directory;

    @Test
    void helpListsOptions() {
        StringWriter out = new StringWriter();
        CommandLine command = command(List.of("--help"));
        command.setOut(new PrintWriter(out));

        int exitCode = command.execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("--dataset", "--report", "--summary-json", "--config", "--days", "--epochs");
    }

    @Test
    void invalidConfigExitsWithUsage() {
        StringWriter err = new StringWriter();
        List<String> arguments = List.of("--dataset", "movielens-100k", "--data", directory.toString(),
                "--config", "x:ranker.depth=3", "--work-dir", directory.resolve("work").toString());
        CommandLine command = command(arguments);
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute(arguments.toArray(String[]::new));

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("unknown setting 'ranker.depth'");
    }

    @Test
    void missingDataDirectoryIsUsageError() {
        StringWriter err = new StringWriter();
        List<String> arguments = List.of("--dataset", "movielens-100k", "--data", directory.resolve("nope").toString(),
                "--work-dir", directory.resolve("work").toString());
        CommandLine command = command(arguments);
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute(arguments.toArray(String[]::new));

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).startsWith("error: " + directory.resolve("nope") + ": dataset directory not found");
    }

    @Test
    void runWritesReportAndSummary() throws Exception {
        Path report = directory.resolve("report");
        Path summary = directory.resolve("summary.json");
        List<String> arguments = List.of(
                "--dataset", "movielens-100k",
                "--data", TestExamples.dataset("movielens-100k-grouplens").toString(),
                "--limit", "1500",
                "--config", "small:ranker.hidden=16,batch_size=128",
                "--days", "1",
                "--report", report.toString(),
                "--summary-json", summary.toString(),
                "--work-dir", directory.resolve("work").toString());

        int exitCode = command(arguments).execute(arguments.toArray(String[]::new));

        assertThat(exitCode).isZero();
        assertThat(report.resolve("report.html")).isNotEmptyFile();
        JsonNode written = new ObjectMapper().readTree(summary.toFile());
        assertThat(written.path("command").asText()).startsWith("./streamrank evaluate --dataset movielens-100k");
        assertThat(written.path("comparison")).hasSize(3);
        assertThat(written.path("results")).hasSize(5 * 3);
    }

    private static CommandLine command(List<String> arguments) {
        return EvaluateMain.commandLine(arguments);
    }
}
