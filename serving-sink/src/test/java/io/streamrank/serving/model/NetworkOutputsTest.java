package io.streamrank.serving.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.model.nn.DenseNetwork;
import io.streamrank.model.prerank.PrerankOptions;
import io.streamrank.model.prerank.TwoTowerModel;
import io.streamrank.model.ranker.RankerModel;
import io.streamrank.model.ranker.RankerOptions;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

class NetworkOutputsTest {

    @Test
    void equalsDenseNetworkPredict() {
        DenseNetwork ranker = RankerModel.create(RankerOptions.DEFAULTS).network();
        DenseNetwork itemTower = TwoTowerModel.create(PrerankOptions.DEFAULTS).itemTower();
        SplittableRandom random = new SplittableRandom(3);

        for (DenseNetwork network : new DenseNetwork[] {ranker, itemTower}) {
            int width = network.network().layerInputSize(0);
            for (int rows : new int[] {1, 2, 37, 300}) {
                float[][] inputs = new float[rows][width];
                for (float[] row : inputs) {
                    for (int i = 0; i < width; i++) {
                        row[i] = (float) random.nextGaussian();
                    }
                }

                float[][] actual = NetworkOutputs.predict(network, inputs);

                assertThat(actual).as("%d rows of width %d", rows, width).isDeepEqualTo(network.predict(inputs));
            }
        }
    }

    @Test
    void emptyBatchGivesNoRows() {
        DenseNetwork ranker = RankerModel.create(RankerOptions.DEFAULTS).network();

        assertThat(NetworkOutputs.predict(ranker, new float[0][])).isEmpty();
    }
}
