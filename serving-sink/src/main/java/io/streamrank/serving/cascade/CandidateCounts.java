package io.streamrank.serving.cascade;

/**
 * Sizes of the cascade's stages for one request.
 *
 * @param popular candidates from the popularity index
 * @param nearest candidates nearest to the user's pre-ranker embedding
 * @param union distinct candidates of both sources
 * @param excluded items the user has engaged with, which neither source returns
 * @param preranked candidates kept by the pre-ranker stage
 * @param ranked candidates scored by the ranker, 0 when it is not loaded
 */
public record CandidateCounts(int popular, int nearest, int union, int excluded, int preranked, int ranked) {}
