package io.streamrank.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Starts the offline evaluator, which lives in the {@code evaluation} module, in its own JVM. The
 * {@code ./streamrank} script runs the evaluator directly; this command exists so that
 * {@code streamrank --help} lists it and Java callers can start it the same way.
 */
@Command(
        name = "evaluate",
        description = "Evaluates the models offline: online progressive validation, a train/test split in time and a"
                + " daily batch retrain, with JSON and HTML reports. Run 'streamrank evaluate --help' for its options.")
public final class EvaluateCommand implements Callable<Integer> {

    static final String MAIN_CLASS = "io.streamrank.evaluation.cli.EvaluateMain";

    /** Every argument, options included, goes to the evaluator, which has its own --help. */
    @Unmatched
    private List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Flink needs the same --add-opens options as this JVM, which the script started with them.
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-opens")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(classpath());
        command.add(MAIN_CLASS);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        return builder.start().waitFor();
    }

    /** Returns the evaluator's classpath as the build wrote it. */
    private static String classpath() throws IOException {
        Path module = checkoutDirectory().resolve("evaluation").resolve("target");
        Path dependencies = module.resolve("runtime-classpath.txt");
        Path classes = module.resolve("classes");
        if (!Files.isRegularFile(dependencies) || !Files.isDirectory(classes)) {
            throw new IOException("the evaluator is not built: " + dependencies + " or " + classes
                    + " is missing; run ./mvnw -q -DskipTests package in " + checkoutDirectory());
        }
        return classes + File.pathSeparator + Files.readString(dependencies, StandardCharsets.UTF_8).trim();
    }

    /** Returns the checkout: the system property streamrank.home, else the nearest directory upwards with the module. */
    private static Path checkoutDirectory() throws IOException {
        String configured = System.getProperty("streamrank.home");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isDirectory(directory.resolve("evaluation")) && Files.isRegularFile(directory.resolve("pom.xml"))) {
                return directory;
            }
            directory = directory.getParent();
        }
        throw new IOException("cannot find the streamrank checkout from " + Path.of("").toAbsolutePath()
                + "; set the system property streamrank.home");
    }
}
