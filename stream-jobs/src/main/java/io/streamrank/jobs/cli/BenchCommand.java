package io.streamrank.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Groups the benchmarks of the streamrank pipeline. Each subcommand measures one part. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures parts of the streamrank pipeline on this machine and writes their figures.",
            "Every server a benchmark starts binds 127.0.0.1."
        },
        subcommands = {FeatureBenchCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
