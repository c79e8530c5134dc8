package io.streamrank.evaluation.cli;

import io.streamrank.evaluation.ProgressListener;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints progress lines: the phase, units done (of the total when known), elapsed time since the
 * phase began and, when the total is known, an estimate of the time left from the rate so far.
 * Prints at most one line per phase every {@code interval}, and one when a phase finishes.
 */
final class ConsoleProgress implements ProgressListener {

    private final PrintStream out;
    private final long intervalNanos;
    private final long runStart = System.nanoTime();
    private final Map<String, Long> phaseStarts = new HashMap<>();
    private final Map<String, Long> lastPrinted = new HashMap<>();

    ConsoleProgress(PrintStream out, Duration interval) {
        this.out = out;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void update(String phase, long done, long total) {
        long now = System.nanoTime();
        long start = phaseStarts.computeIfAbsent(phase, ignored -> now);
        Long previous = lastPrinted.get(phase);
        if (previous != null && now - previous < intervalNanos) {
            return;
        }
        lastPrinted.put(phase, now);

        long elapsed = now - start;
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "[%s] %s: %,d", clock(now - runStart), phase, done));
        if (total > 0) {
            line.append(String.format(Locale.ROOT, " of %,d (%.1f%%)", total, 100.0 * done / total));
        }
        line.append(", elapsed ").append(clock(elapsed));
        if (total > 0 && done > 0 && done < total) {
            long remaining = (long) (elapsed * ((double) (total - done) / done));
            line.append(", ETA ").append(clock(remaining));
        }
        out.println(line);
    }

    @Override
    public void finish(String phase, String summary) {
        long now = System.nanoTime();
        long start = phaseStarts.getOrDefault(phase, now);
        out.println(String.format(Locale.ROOT, "[%s] %s done in %s: %s",
                clock(now - runStart), phase, clock(now - start), summary));
        phaseStarts.remove(phase);
        lastPrinted.remove(phase);
    }

    /** Marks the start of a phase that reports no intermediate progress. */
    void begin(String phase) {
        phaseStarts.put(phase, System.nanoTime());
        out.println(String.format(Locale.ROOT, "[%s] %s...", clock(System.nanoTime() - runStart), phase));
    }

    private static String clock(long nanos) {
        long seconds = Math.max(0, nanos / 1_000_000_000L);
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }
}
