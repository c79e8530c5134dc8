package io.streamrank.features.replay;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the public datasets on this machine. They are never part of the repository: the
 * system property {@value #PROPERTY} names their folder (Maven sets it), and without it the
 * folder {@code ../shared/datasets} next to the repository root is used.
 */
final class TestDatasets {

    static final String PROPERTY = "streamrank.datasets";

    private TestDatasets() {}

    /** Returns the MovieLens 100K directory, failing the test when its files are missing. */
    static Path movieLens() {
        return requireDirectoryWith("movielens-100k-grouplens", MovieLensReader.RATINGS_FILE);
    }

    /** Returns the Taobao UserBehavior directory, failing the test when its file is missing. */
    static Path taobao() {
        return requireDirectoryWith("taobao-userbehavior/user-head", TaobaoReader.BEHAVIOR_FILE);
    }

    /** Returns the directory for {@code dataset}. */
    static Path directory(Dataset dataset) {
        return switch (dataset) {
            case MOVIELENS_100K -> movieLens();
            case TAOBAO -> taobao();
        };
    }

    private static Path requireDirectoryWith(String relativeDirectory, String fileName) {
        Path root = datasetsRoot();
        Path directory = root.resolve(relativeDirectory);
        if (!Files.isRegularFile(directory.resolve(fileName))) {
            fail("test data not found: " + directory.resolve(fileName)
                    + ". Set -D" + PROPERTY + " to the folder that contains " + relativeDirectory);
        }
        return directory;
    }

    private static Path datasetsRoot() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return repositoryRoot().resolve("../shared/datasets").normalize();
    }

    /** Returns the nearest ancestor of the working directory with a .git entry, else the highest one with a pom.xml. */
    private static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        Path highestWithPom = start;
        for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve(".git"))) {
                return candidate;
            }
            if (Files.exists(candidate.resolve("pom.xml"))) {
                highestWithPom = candidate;
            }
        }
        return highestWithPom;
    }
}
