package io.streamrank.serving.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.model.nn.DenseNetwork;
import io.streamrank.model.ranker.RankerModel;
import io.streamrank.model.ranker.RankerOptions;

import org.junit.jupiter.api.Test;

class NetworkOutputsTest {

    @Test
    void emptyBatchGivesNoRows() {
        DenseNetwork ranker = RankerModel.create(RankerOptions.DEFAULTS).network();

        assertThat(NetworkOutputs.predict(ranker, new float[0][])).isEmpty();
    }
}
