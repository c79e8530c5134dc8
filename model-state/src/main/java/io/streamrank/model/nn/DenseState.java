package io.streamrank.model.nn;

import java.io.Serializable;

/**
 * The trainable state of a {@link DenseNetwork} as plain arrays, so that Flink can keep it in
 * state and checkpoint it.
 *
 * @param parameters the flattened parameters
 * @param updaterState the flattened optimizer state (Adam moments, say)
 * @param iteration the number of steps taken
 */
public record DenseState(float[] parameters, float[] updaterState, int iteration) implements Serializable {}
