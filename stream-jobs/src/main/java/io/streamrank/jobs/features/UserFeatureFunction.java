package io.streamrank.jobs.features;

import io.streamrank.features.state.FeatureBinaryFormat;
import io.streamrank.features.state.FeatureCodec;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.jobs.ingest.IngestedEvent;
import io.streamrank.jobs.train.MetricsRecord;

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
 * Keeps each user's real-time features in keyed state. For each event it emits the event with the
 * user's features from before it, then applies the event and sends the new value to
 * {@link #UPDATES}.
 *
 * <p>State: one {@link UserFeatures} per user in the framed form of {@link FeatureBinaryFormat},
 * bounded by the feature settings (N sequence entries, K affinity categories, the windows'
 * buckets) and dropped after the state TTL without an event (see {@link FeatureState}). The state
 * contains the same bytes as the update, so each event costs one encoding of the new value. It also counts the events it has processed per subtask,
 * in operator state so that the count survives a restart, and reports the count on
 * {@link #STATS} at most {@code statsIntervalMillis} of processing time after a change: the demo
 * and the tests read the number of events consumed from there.
 */
public final class UserFeatureFunction extends KeyedProcessFunction<Long, IngestedEvent, EnrichedEvent>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<FeatureUpdate> UPDATES = new OutputTag<>("user-feature-updates") {};
    public static final OutputTag<String> STATS = new OutputTag<>("ingest-stats") {};

    private final FeatureOptions options;
    private final long statsIntervalMillis;

    private transient ValueState<byte[]> features;
    private transient FeatureBinaryFormat format;
    private transient ListState<Long> processedState;
    private transient long processed;
    private transient boolean statsTimerPending;

    public UserFeatureFunction(FeatureOptions options, long statsIntervalMillis) {
        this.options = options;
        this.statsIntervalMillis = statsIntervalMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        features = getRuntimeContext().getState(
                FeatureState.descriptor("user-features", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO, options));
        format = new FeatureBinaryFormat();
        getRuntimeContext().getMetricGroup().gauge("eventsProcessed", () -> processed);
    }

    @Override
    public void processElement(IngestedEvent ingested, Context context, Collector<EnrichedEvent> out) throws Exception {
        long userId = ingested.event().userId();
        byte[] stored = features.value();
        UserFeatures before;
        if (stored == null) {
            before = UserFeatures.empty(userId);
            stored = format.encode(before);
        } else {
            before = FeatureBinaryFormat.decodeUser(stored);
        }
        out.collect(new EnrichedEvent(ingested.event(), ingested.ingestTime(), stored, null));

        byte[] after = format.encode(before.apply(ingested.event(), options));
        features.update(after);
        context.output(UPDATES, new FeatureUpdate(FeatureCodec.userKey(userId), after, ingested.ingestTime()));

        processed++;
        if (!statsTimerPending) {
            statsTimerPending = true;
            context.timerService().registerProcessingTimeTimer(
                    context.timerService().currentProcessingTime() + statsIntervalMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<EnrichedEvent> out) {
        statsTimerPending = false;
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        context.output(STATS, MetricsRecord.ingest(subtask, processed).toJson());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        processedState.update(List.of(processed));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        processedState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("events-processed", Long.class));
        processed = 0;
        for (Long count : processedState.get()) {
            processed += count;
        }
    }
}
