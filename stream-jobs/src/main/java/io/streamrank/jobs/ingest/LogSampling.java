package io.streamrank.jobs.ingest;

/**
 * The rate limit of the per-record warnings: the first {@value #LOG_FIRST} occurrences are logged,
 * then every {@value #LOG_EVERY}th, so a flood of bad records cannot flood the log.
 */
public final class LogSampling {

    static final long LOG_FIRST = 10;
    static final long LOG_EVERY = 1000;

    private LogSampling() {}

    /** Returns whether the {@code occurrence}th record (counting from 1) gets a log line. */
    public static boolean isLogged(long occurrence) {
        return occurrence <= LOG_FIRST || occurrence % LOG_EVERY == 0;
    }
}
