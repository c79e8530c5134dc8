package io.streamrank.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.serving.cascade.CascadeOptions;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

class ServingMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void helpListsOptions() {
        int exitCode = execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).startsWith("Usage: serve");
        for (String option : new String[] {
            "--bootstrap-servers", "--snapshot-dir", "--state-dir", "--host", "--port", "--port-file",
            "--http-threads", "--features-topic", "--snapshots-topic", "--candidates", "--prerank-size",
            "--purchase-weight"
        }) {
            assertThat(out.toString()).as(option).contains(option);
        }
        assertThat(out.toString()).contains("Default: 127.0.0.1", "Default: 8080", "Default: features");
    }

    @Test
    void missingRequiredOptionsRejected() {
        int exitCode = execute();

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required options", "--bootstrap-servers", "--snapshot-dir");
    }

    @Test
    void invalidValuesNameTheOption() {
        String[][] cases = {
            {"--candidates", "0", "option '--candidates' is 0; expected a value from 1 to 100000"},
            {"--prerank-size", "-5", "option '--prerank-size' is -5; expected a value from 1 to 100000"},
            {"--port", "70000", "option '--port' is 70000; expected a value from 0 to 65535"},
            {"--http-threads", "0", "option '--http-threads' is 0; expected a value from 1 to 256"},
            {"--purchase-weight", "-1", "option '--purchase-weight' is -1.0; expected a finite number, zero or more"},
            {"--snapshots-topic", "features", "expected two different topics"},
            {"--port", "eighty", "Invalid value for option '--port'"},
        };
        for (String[] invalid : cases) {
            err.getBuffer().setLength(0);

            int exitCode = execute("--bootstrap-servers", "127.0.0.1:9092", "--snapshot-dir", "/tmp/snapshots",
                    invalid[0], invalid[1]);

            assertThat(exitCode).as(invalid[0]).isEqualTo(2);
            assertThat(err.toString()).as(invalid[0]).contains(invalid[2]);
        }
    }

    @Test
    void defaultsFillOptions() {
        CommandLine commandLine = ServingMain.commandLine();
        commandLine.parseArgs("--bootstrap-servers", "127.0.0.1:9092", "--snapshot-dir", "/tmp/snapshots");

        ServingOptions options = ((ServingMain) commandLine.getCommand()).options();

        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(options.snapshotDir()).isEqualTo(Path.of("/tmp/snapshots"));
        assertThat(options.stateDir()).isNull();
        assertThat(options.portFile()).isNull();
        assertThat(options.featuresTopic()).isEqualTo("features");
        assertThat(options.snapshotsTopic()).isEqualTo("snapshots");
        assertThat(options.http().host()).isEqualTo("127.0.0.1");
        assertThat(options.http().port()).isEqualTo(8080);
        assertThat(options.cascade()).isEqualTo(CascadeOptions.DEFAULTS);
    }

    private int execute(String... args) {
        CommandLine commandLine = ServingMain.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
