package io.streamrank.jobs.features;

import io.streamrank.features.event.Event;
import io.streamrank.features.state.FeatureBinaryFormat;
import io.streamrank.features.state.FeatureCodec;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.GlobalRates;
import io.streamrank.features.state.ItemFeatures;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.List;

/**
 * Keeps each item's real-time features in keyed state. For each event it attaches the item's
 * features from before it, then applies the event and sends the new value to {@link #UPDATES}.
 *
 * <p>State: one {@link ItemFeatures} per item in the framed form of {@link FeatureBinaryFormat},
 * the same bytes as its update, dropped after the state TTL without an event (see
 * {@link FeatureState}), and per subtask one {@link GlobalRates}, the decayed counts over every
 * event this subtask has seen, which set the prior of the items' smoothed rates. The global rates
 * live in union operator state: after a restore every subtask starts from the merge of all the
 * subtasks' estimates, whatever the new parallelism. They are exported as the gauges
 * {@code globalCtr} and {@code globalCvr}.
 *
 * <p>Each item value carries the global rates as of its latest event. A new item's value before
 * its first event carries the current rates, so even its first example has a prior.
 */
public final class ItemFeatureFunction extends KeyedProcessFunction<Long, EnrichedEvent, EnrichedEvent>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<FeatureUpdate> UPDATES = new OutputTag<>("item-feature-updates") {};

    private final FeatureOptions options;

    private transient ValueState<byte[]> features;
    private transient FeatureBinaryFormat format;
    private transient ListState<GlobalRates> ratesState;
    private transient GlobalRates rates;

    public ItemFeatureFunction(FeatureOptions options) {
        this.options = options;
    }

    @Override
    public void open(OpenContext openContext) {
        features = getRuntimeContext().getState(
                FeatureState.descriptor("item-features", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO, options));
        format = new FeatureBinaryFormat();
        getRuntimeContext().getMetricGroup().gauge("globalCtr", () -> rates.ctr());
        getRuntimeContext().getMetricGroup().gauge("globalCvr", () -> rates.cvr());
    }

    @Override
    public void processElement(EnrichedEvent enriched, Context context, Collector<EnrichedEvent> out) throws Exception {
        Event event = enriched.event();
        byte[] stored = features.value();
        ItemFeatures before;
        if (stored == null) {
            before = ItemFeatures.empty(event.itemId(), rates);
            stored = format.encode(before);
        } else {
            before = FeatureBinaryFormat.decodeItem(stored);
        }
        out.collect(enriched.withItem(stored));

        rates = rates.apply(event, options);
        byte[] after = format.encode(before.apply(event, rates, options));
        features.update(after);
        context.output(UPDATES, new FeatureUpdate(FeatureCodec.itemKey(event.itemId()), after, enriched.ingestTime()));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        ratesState.update(List.of(rates));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        ratesState = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("global-rates", GlobalRates.class));
        rates = GlobalRates.merge(ratesState.get(), options);
    }
}
