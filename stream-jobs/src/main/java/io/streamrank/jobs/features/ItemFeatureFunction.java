package io.streamrank.jobs.features;

import io.streamrank.features.state.FeatureCodec;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps each item's real-time features in keyed state. For each event it attaches the item's
 * features from before it, then applies the event and sends the new value to {@link #UPDATES}.
 */
public final class ItemFeatureFunction extends KeyedProcessFunction<Long, EnrichedEvent, EnrichedEvent> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<FeatureUpdate> UPDATES = new OutputTag<>("item-feature-updates") {};

    private final FeatureOptions options;

    private transient ValueState<ItemFeatures> features;
    private transient FeatureCodec codec;

    public ItemFeatureFunction(FeatureOptions options) {
        this.options = options;
    }

    @Override
    public void open(OpenContext openContext) {
        features = getRuntimeContext().getState(new ValueStateDescriptor<>("item-features", ItemFeatures.class));
        codec = new FeatureCodec();
    }

    @Override
    public void processElement(EnrichedEvent enriched, Context context, Collector<EnrichedEvent> out) throws Exception {
        long itemId = enriched.event().itemId();
        ItemFeatures before = features.value();
        if (before == null) {
            before = ItemFeatures.empty(itemId);
        }
        out.collect(enriched.withItem(before));

        ItemFeatures after = before.apply(enriched.event(), options);
        features.update(after);
        context.output(UPDATES, new FeatureUpdate(FeatureCodec.itemKey(itemId), codec.toJson(after), enriched.ingestTime()));
    }
}
