package io.streamrank.features.replay;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/** Checks that a dataset directory and its files exist, with errors that name the path and the expected files. */
final class DatasetFiles {

    private DatasetFiles() {}

    /**
     * Returns {@code directory.resolve(fileName)} after checking that it is a regular file.
     *
     * @throws NoSuchFileException when the directory or the file does not exist
     * @throws FileSystemException when the directory is not a directory or the file is not a regular file
     */
    static Path requireFile(Path directory, String fileName, Dataset dataset) throws FileSystemException {
        Objects.requireNonNull(directory, "dataset directory");
        String expectation = dataset.cliName() + " expects a directory containing " + dataset.expectedFiles();

        if (!Files.exists(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "dataset directory not found; " + expectation);
        }
        if (!Files.isDirectory(directory)) {
            throw new FileSystemException(directory.toString(), null, "not a directory; " + expectation);
        }

        Path file = directory.resolve(fileName);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "file not found; " + expectation);
        }
        if (!Files.isRegularFile(file)) {
            throw new FileSystemException(file.toString(), null, "not a regular file; " + expectation);
        }
        return file;
    }
}
