package io.streamrank.jobs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared datasets for tests: the system property streamrank.datasets, else ../shared/datasets. */
public final class TestDatasets {

    private TestDatasets() {}

    public static Path directory(String name) {
        String configured = System.getProperty("streamrank.datasets");
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("..", "..", "shared", "datasets");
        Path directory = root.resolve(name).toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("test dataset " + name + " not found at " + directory
                    + "; set -Dstreamrank.datasets to the datasets folder");
        }
        return directory;
    }
}
