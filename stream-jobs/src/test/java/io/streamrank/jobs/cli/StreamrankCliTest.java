package io.streamrank.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.jobs.TestDatasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Bad command-line input fails in one line, with exit code 2, before anything starts. */
class StreamrankCliTest {

    @TempDir
    Path work;

    @Test
    void malformedBootstrapServersAreRejected() {
        Result job = run("job", "--bootstrap-servers", "127.0.0.1:notaport", "--work-dir", work.toString());
        Result replay = run("replay", "--dataset", "movielens-100k", "--data", movieLens(),
                "--bootstrap-servers", "localhost");

        assertThat(job.exitCode()).isEqualTo(2);
        assertThat(job.err()).startsWith("error: option '--bootstrap-servers' is '127.0.0.1:notaport': "
                + "the port of '127.0.0.1:notaport' is not a number");
        assertThat(replay.exitCode()).isEqualTo(2);
        assertThat(replay.err()).contains("'localhost' has no HOST:PORT form");
    }

    @Test
    void missingRestoreCheckpointIsRejected() throws Exception {
        Path empty = Files.createDirectory(work.resolve("chk-1"));

        Result missing = run("job", "--bootstrap-servers", "127.0.0.1:9092", "--work-dir", work.toString(),
                "--restore", work.resolve("nope").toString());
        Result withoutMetadata = run("job", "--bootstrap-servers", "127.0.0.1:9092", "--work-dir", work.toString(),
                "--restore", empty.toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("option '--restore'", "no such directory");
        assertThat(withoutMetadata.exitCode()).isEqualTo(2);
        assertThat(withoutMetadata.err()).contains("it has no _metadata file");
    }

    @Test
    void demoChecksItsOptionsBeforeStartingAnything() throws Exception {
        Result parallelism = run("demo", "--dataset", "movielens-100k", "--data", movieLens(),
                "--parallelism", "0", "--work-dir", work.resolve("demo").toString());
        Result duration = run("demo", "--dataset", "movielens-100k", "--data", movieLens(),
                "--duration", "-5", "--work-dir", work.resolve("demo").toString());

        assertThat(parallelism.exitCode()).isEqualTo(2);
        assertThat(parallelism.err()).startsWith("error: option '--parallelism' is 0; expected 1 to 1024");
        assertThat(duration.err()).startsWith("error: option '--duration' is -5; expected a positive number");
        assertThat(work.resolve("demo")).doesNotExist();
    }

    @Test
    void replayOptionsNameTheOption() {
        Result limit = run("replay", "--dataset", "movielens-100k", "--data", movieLens(),
                "--bootstrap-servers", "127.0.0.1:9092", "--limit", "-3");
        Result negatives = run("demo", "--dataset", "movielens-100k", "--data", movieLens(),
                "--negatives-per-click", "-1", "--work-dir", work.resolve("demo").toString());

        assertThat(limit.exitCode()).isEqualTo(2);
        assertThat(limit.err()).startsWith("error: option '--limit' is -3; expected 1 or more rows");
        assertThat(negatives.exitCode()).isEqualTo(2);
        assertThat(negatives.err()).startsWith("error: option '--negatives-per-click' is -1; expected 0 to ");
    }

    private static String movieLens() {
        return TestDatasets.directory("movielens-100k-grouplens").toString();
    }

    private static Result run(String... arguments) {
        StringWriter err = new StringWriter();
        int exitCode = StreamrankCli.commandLine().setErr(new PrintWriter(err, true)).execute(arguments);
        return new Result(exitCode, err.toString());
    }

    private record Result(int exitCode, String err) {}
}
