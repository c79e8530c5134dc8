package io.streamrank.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code streamrank} command line. */
@Command(
        name = "streamrank",
        mixinStandardHelpOptions = true,
        version = "streamrank 0.1.0-SNAPSHOT",
        description = "Learns recommendation ranking models online from a Kafka event stream and serves them.",
        subcommands = {
            DemoCommand.class,
            ReplayCommand.class,
            JobCommand.class,
            ServeCommand.class,
            EvaluateCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class StreamrankCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Returns the command line of all commands, with the error handling that {@link #main} uses. */
    static CommandLine commandLine() {
        return new CommandLine(new StreamrankCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(StreamrankCli::reportInvalidInput);
    }

    /**
     * Prints an invalid setting or a missing file as one line and exits with 2, as picocli does for
     * a usage error; anything else keeps its stack trace.
     */
    private static int reportInvalidInput(Exception error, CommandLine command, CommandLine.ParseResult parsed)
            throws Exception {
        if (error instanceof IllegalArgumentException || error instanceof java.nio.file.NoSuchFileException) {
            command.getErr().println("error: " + error.getMessage());
            command.getErr().println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
            return 2;
        }
        throw error;
    }
}
