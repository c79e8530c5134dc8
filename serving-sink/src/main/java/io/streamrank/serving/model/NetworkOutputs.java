package io.streamrank.serving.model;

import io.streamrank.model.nn.DenseNetwork;

/**
 * Runs a {@link DenseNetwork} in inference mode from several request threads. Calls on the same
 * network are serialized on it, because a DL4J network is not safe for concurrent use.
 */
final class NetworkOutputs {

    private NetworkOutputs() {}

    /** Returns the network's output for each row of {@code inputs}; all rows must have the same length. */
    static float[][] predict(DenseNetwork network, float[][] inputs) {
        if (inputs.length == 0) {
            return new float[0][];
        }
        synchronized (network) {
            return network.predict(inputs);
        }
    }
}
