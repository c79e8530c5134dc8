package io.streamrank.jobs.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The serving process, started as a child JVM. Serving runs in its own JVM because it uses plain
 * RocksDB, whose native library cannot share a classpath with the RocksDB build inside Flink.
 *
 * <p>Its classpath comes from {@code serving-sink/target/runtime-classpath.txt}, which the build
 * writes; the checkout is found from the system property {@code streamrank.home}, else by
 * searching upwards from the working directory.
 */
public final class ServingProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServingProcess.class);
    public static final String MAIN_CLASS = "io.streamrank.serving.ServingMain";

    private final Process process;
    private final int port;
    private final Path logFile;

    private ServingProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * Starts serving and waits until it has bound its port.
     *
     * @param arguments the serving command's options, without --port and --port-file
     * @param workDirectory where the port file and the log go
     */
    public static ServingProcess start(List<String> arguments, Path workDirectory, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(workDirectory);
        Path portFile = workDirectory.resolve("serving.port");
        Files.deleteIfExists(portFile);
        Path logFile = workDirectory.resolve("serving.log");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(classpath());
        command.add(MAIN_CLASS);
        command.addAll(arguments);
        command.add("--port");
        command.add("0");
        command.add("--port-file");
        command.add(portFile.toString());

        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process process = builder.start();

        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("serving process exited with code " + process.exitValue()
                        + " before binding its port; see " + logFile);
            }
            if (Files.isRegularFile(portFile) && Files.size(portFile) > 0) {
                int port = Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).trim());
                LOG.info("Serving process {} listens on http://127.0.0.1:{}/ (log: {})", process.pid(), port, logFile);
                return new ServingProcess(process, port, logFile);
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IOException("serving process did not bind its port within " + timeout + "; see " + logFile);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Returns the classpath of the serving JVM, as the build wrote it. */
    public static String classpath() throws IOException {
        Path home = checkoutDirectory();
        Path module = home.resolve("serving-sink").resolve("target");
        Path dependencies = module.resolve("runtime-classpath.txt");
        Path classes = module.resolve("classes");
        if (!Files.isRegularFile(dependencies) || !Files.isDirectory(classes)) {
            throw new IOException("serving is not built: " + dependencies + " or " + classes
                    + " is missing; run ./mvnw -q -DskipTests package in " + home);
        }
        return classes + File.pathSeparator + Files.readString(dependencies, StandardCharsets.UTF_8).trim();
    }

    private static Path checkoutDirectory() throws IOException {
        String configured = System.getProperty("streamrank.home");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isDirectory(directory.resolve("serving-sink")) && Files.isRegularFile(directory.resolve("pom.xml"))) {
                return directory;
            }
            directory = directory.getParent();
        }
        throw new IOException("cannot find the streamrank checkout from " + Path.of("").toAbsolutePath()
                + "; set the system property streamrank.home");
    }

    /** Stops serving with SIGTERM, then forcibly after ten seconds. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            LOG.warn("Serving process {} did not stop within 10 s; killing it", process.pid());
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
