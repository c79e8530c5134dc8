package io.streamrank.evaluation;

/**
 * Receives the progress of a long evaluation step, such as the replay or a protocol's training.
 * Implementations decide how often to show it.
 */
public interface ProgressListener {

    /** A listener that ignores every update. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void update(String phase, long done, long total) {}

        @Override
        public void finish(String phase, String summary) {}
    };

    /**
     * Reports that {@code done} units of {@code phase} are finished.
     *
     * @param total the units the phase will take in all, or -1 when not known
     */
    void update(String phase, long done, long total);

    /** Reports that {@code phase} has finished, with a one-line summary of what it produced. */
    void finish(String phase, String summary);
}
