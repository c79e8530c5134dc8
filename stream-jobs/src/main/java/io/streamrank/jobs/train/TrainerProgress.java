package io.streamrank.jobs.train;

/**
 * Counters of an online trainer that survive restarts.
 *
 * @param examples examples learned so far
 * @param nextVersion version number of the next staged snapshot
 * @param lastEventTime event time of the newest example learned, epoch milliseconds
 */
public record TrainerProgress(long examples, long nextVersion, long lastEventTime) {

    public static final TrainerProgress START = new TrainerProgress(0, 1, -1);
}
