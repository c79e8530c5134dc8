package io.streamrank.model.nn;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * A DL4J {@link MultiLayerNetwork} driven one mini-batch at a time, so that the caller can
 * compute the loss outside the network and gets the gradient with respect to the input back,
 * which is what trains the embedding rows kept outside DL4J.
 *
 * <p>A step follows DL4J's own SGD step: the updater (Adam, say) turns the summed gradient into a
 * step, dividing by the batch size, and the step is subtracted from the parameters. The network
 * must be configured with {@code WorkspaceMode.NONE}, because the layer inputs of the forward
 * pass are kept for the backward pass. Not thread-safe.
 */
public final class DenseNetwork {

    private final MultiLayerNetwork network;
    private int iteration;

    public DenseNetwork(MultiLayerNetwork network) {
        this.network = network;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    /** Returns the network's output for {@code inputs}, one row per example, without training. */
    public float[][] predict(float[][] inputs) {
        return toRows(network.output(toMatrix(inputs), false));
    }

    /**
     * Runs a training forward pass and keeps the layer inputs for {@link #backward}. For networks
     * whose last layer is not an output layer (towers).
     */
    public float[][] forward(float[][] inputs) {
        network.setInput(toMatrix(inputs));
        List<INDArray> activations = network.feedForward(true, false);
        return toRows(activations.get(activations.size() - 1));
    }

    /**
     * Back-propagates the loss gradient with respect to the output of the last {@link #forward},
     * updates the parameters and returns the loss gradient with respect to the inputs.
     *
     * @param outputGradient per example, the gradient of that example's loss
     */
    public float[][] backward(float[][] outputGradient) {
        Pair<Gradient, INDArray> gradients =
                network.backpropGradient(toMatrix(outputGradient), LayerWorkspaceMgr.noWorkspaces());
        float[][] inputGradient = toRows(gradients.getSecond());
        applyUpdate(gradients.getFirst(), outputGradient.length);
        network.clear();
        return inputGradient;
    }

    /**
     * Computes the loss of the network's output layer on {@code labels}, updates the parameters and
     * returns the gradient of each example's loss with respect to its input.
     */
    public float[][] fitBatch(float[][] inputs, float[][] labels) {
        Pair<Gradient, INDArray> gradients =
                network.calculateGradients(toMatrix(inputs), toMatrix(labels), null, null);
        float[][] inputGradient = toRows(gradients.getSecond());
        applyUpdate(gradients.getFirst(), inputs.length);
        return inputGradient;
    }

    private void applyUpdate(Gradient gradient, int batchSize) {
        Updater updater = network.getUpdater();
        updater.update(network, gradient, iteration, 0, batchSize, LayerWorkspaceMgr.noWorkspaces());
        network.params().subi(gradient.gradient());
        iteration++;
    }

    /** Number of training steps taken, which drives the updater's bias correction. */
    public int iteration() {
        return iteration;
    }

    /** Copies the parameters and the updater state, for keeping them in Flink state. */
    public DenseState state() {
        INDArray updaterState = network.getUpdater().getStateViewArray();
        return new DenseState(
                network.params().toFloatVector(),
                updaterState == null ? new float[0] : updaterState.toFloatVector(),
                iteration);
    }

    /** Restores what {@link #state()} returned from a network of the same shape. */
    public void restore(DenseState state) {
        long expected = network.numParams();
        if (state.parameters().length != expected) {
            throw new IllegalArgumentException(
                    "stored state has " + state.parameters().length + " parameters; this network has " + expected);
        }
        network.setParams(Nd4j.createFromArray(state.parameters()).reshape(1, expected));
        INDArray updaterState = network.getUpdater().getStateViewArray();
        if (updaterState != null && state.updaterState().length == updaterState.length()) {
            updaterState.assign(Nd4j.createFromArray(state.updaterState()).reshape(updaterState.shape()));
        }
        iteration = state.iteration();
    }

    /** Writes the network in DL4J's model format, without the updater state. */
    public void write(OutputStream out) throws IOException {
        ModelSerializer.writeModel(network, out, false);
    }

    public byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes);
        return bytes.toByteArray();
    }

    /** Reads a network written by {@link #write}. */
    public static DenseNetwork read(InputStream in) throws IOException {
        return new DenseNetwork(ModelSerializer.restoreMultiLayerNetwork(in, false));
    }

    public static DenseNetwork fromBytes(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes));
    }

    /** Copies rows of equal length into a row-major float matrix in one bulk copy. */
    static INDArray toMatrix(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return Nd4j.create(flat, new long[] {rows.length, width}, 'c');
    }

    /**
     * Copies a matrix out into rows. {@code INDArray.toFloatMatrix()} reads one element at a time,
     * which took most of the time of a prediction on batches of hundreds of rows (DL4J 1.0.0-M2.1);
     * a dense row-major copy of the buffer takes a small fraction of that.
     */
    static float[][] toRows(INDArray matrix) {
        INDArray dense = matrix.dataType() == DataType.FLOAT ? matrix.dup('c') : matrix.castTo(DataType.FLOAT).dup('c');
        float[] values = dense.data().asFloat();
        int rowCount = (int) dense.rows();
        int columns = (int) dense.columns();
        float[][] rows = new float[rowCount][columns];
        for (int i = 0; i < rowCount; i++) {
            System.arraycopy(values, i * columns, rows[i], 0, columns);
        }
        return rows;
    }
}
