package io.streamrank.jobs.cli;

import io.streamrank.jobs.runtime.ServingProcess;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Starts the serving process in its own JVM. The {@code ./streamrank} script runs serving
 * directly; this command exists so that {@code streamrank --help} lists it and Java callers can
 * start it the same way.
 */
@Command(
        name = "serve",
        description = "Runs the serving process (its own JVM): loads snapshots, keeps the online feature store, answers HTTP on 127.0.0.1."
                + " Run 'streamrank serve --help' for its options.")
public final class ServeCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", description = "Options passed to the serving process.")
    private List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(ServingProcess.classpath());
        command.add(ServingProcess.MAIN_CLASS);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        return builder.start().waitFor();
    }
}
