package io.streamrank.model.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Builds the small fully connected networks of the models. */
public final class Networks {

    private Networks() {}

    /**
     * Builds ReLU hidden layers of the given widths, then either a sigmoid output layer with
     * binary cross-entropy per output ({@code sigmoidOutputs > 0}) or a linear layer of width
     * {@code linearOutputs} for a tower whose loss is computed outside the network.
     */
    public static DenseNetwork mlp(
            int inputSize, int[] hidden, int sigmoidOutputs, int linearOutputs, double learningRate, long seed) {
        if ((sigmoidOutputs > 0) == (linearOutputs > 0)) {
            throw new IllegalArgumentException(
                    "expected either sigmoid outputs or linear outputs, got " + sigmoidOutputs + " and " + linearOutputs);
        }
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .list();
        int width = inputSize;
        for (int size : hidden) {
            layers.layer(new DenseLayer.Builder().nIn(width).nOut(size).activation(Activation.RELU).build());
            width = size;
        }
        if (sigmoidOutputs > 0) {
            layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                    .nIn(width)
                    .nOut(sigmoidOutputs)
                    .activation(Activation.SIGMOID)
                    .build());
        } else {
            layers.layer(new DenseLayer.Builder()
                    .nIn(width)
                    .nOut(linearOutputs)
                    .activation(Activation.IDENTITY)
                    .build());
        }
        MultiLayerNetwork network = new MultiLayerNetwork(layers.build());
        network.init();
        return new DenseNetwork(network);
    }
}
