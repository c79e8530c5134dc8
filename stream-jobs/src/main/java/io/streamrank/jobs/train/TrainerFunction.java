package io.streamrank.jobs.train;

import io.streamrank.metrics.ProgressiveMetrics;
import io.streamrank.model.embedding.EmbeddingOptions;
import io.streamrank.model.embedding.EmbeddingTable;
import io.streamrank.model.embedding.EmbeddingTableMetrics;
import io.streamrank.model.nn.DenseNetwork;
import io.streamrank.model.nn.DenseState;
import io.streamrank.model.replay.ReplayBuffer;
import io.streamrank.model.snapshot.ModelSnapshot;
import io.streamrank.model.snapshot.SnapshotManifest;
import io.streamrank.serving.sink.SnapshotPublisher;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The common loop of an online trainer: buffer examples into mini-batches, score each batch
 * before learning from it (progressive validation), and publish snapshots once the checkpoint
 * that covers them has completed. The embedding tables live in keyed state; the dense weights,
 * optimizer state, progressive-validation figures and pending batch live in operator state.
 *
 * <p>A trainer runs as one subtask per model: its input is keyed by the model name, so all of a
 * model's examples and embedding rows sit under one key. Keyed map state keeps the rows, the
 * sighting counts of ids not yet admitted and the expiry index in RocksDB, one entry each, so a
 * batch touches only its own rows. The dense part is small and lives in memory between
 * checkpoints. Each batch advances the tables' event-time clock to the newest event time learned
 * and ends with a bounded sweep of expired rows ({@link EmbeddingTable}).
 *
 * <p>Snapshots: after the first flush after a start, and after each flush once
 * {@link TrainerOptions#snapshotIntervalMillis()} of processing time has passed since the
 * previous one, the trainer stages a snapshot (the first after a start is full, then every
 * {@link TrainerOptions#fullSnapshotEvery()}-th; the others are deltas of the rows written and
 * deleted since the previous version). The next checkpoint barrier covers it, and it is
 * published when that checkpoint completes. Staged snapshots that no completed checkpoint covers
 * are discarded on restart.
 *
 * <p>Experience replay ({@link TrainerOptions#replay()}): each batch is learned together with
 * examples drawn from a {@link ReplayBuffer} of the most recent examples learned before it. The
 * buffer and its draw count live in operator state, so a restored trainer draws what it would have
 * drawn without the failure. With replay disabled the buffer stays empty.
 *
 * <p>Progressive validation: the scores from before learning feed {@link ProgressiveValidation},
 * which keeps per output the cumulative figures, those over a sliding window of event time and
 * those per published version. They are exported as gauges, written to the {@link #METRICS} side
 * output at most every {@link TrainerOptions#metricsIntervalMillis()}, and checkpointed.
 *
 * @param <IN> the trainer's input
 * @param <OUT> what it passes downstream
 */
public abstract class TrainerFunction<IN, OUT> extends KeyedProcessFunction<String, IN, OUT>
        implements CheckpointedFunction, CheckpointListener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrainerFunction.class);
    private static final long LOG_EVERY_EXAMPLES = 20_000;

    public static final OutputTag<String> METRICS = new OutputTag<>("trainer-metrics") {};

    protected final String modelName;
    protected final TrainerOptions options;
    protected final EmbeddingOptions embeddingOptions;
    private final Class<IN> inputClass;

    private transient ListState<IN> bufferState;
    private transient ListState<TrainerProgress> progressState;
    private transient ListState<DenseState> denseState;
    private transient ListState<byte[]> validationState;
    private transient ListState<IN> replayState;
    private transient ListState<Long> replayDrawsState;

    private transient List<IN> buffer;
    private transient TrainerProgress progress;
    private transient ProgressiveValidation validation;
    private transient ReplayBuffer<IN> replay;
    /** Headline figures per output for the gauges, replaced after each batch and read by the metric reporter. */
    private transient volatile List<ProgressiveValidation.Headline> headlines;
    private transient TrainerTable users;
    private transient TrainerTable items;
    private transient boolean flushTimerPending;
    private transient boolean fullSnapshotDue;
    private transient long lastFullVersion;
    private transient long lastStageMillis;
    private transient boolean metricsEmitted;
    private transient long lastMetricsMillis;
    private transient long lastLoggedExamples;
    private transient Deque<StagedSnapshot> staged;
    private transient SnapshotPublisher publisher;

    protected TrainerFunction(
            String modelName, TrainerOptions options, EmbeddingOptions embeddingOptions, Class<IN> inputClass) {
        this.modelName = modelName;
        this.options = options;
        this.embeddingOptions = embeddingOptions;
        this.inputClass = inputClass;
    }

    /** Names of the model's outputs, in the order of the metrics. */
    protected abstract List<String> outputNames();

    /** The model's networks by name, in a fixed order; their state is checkpointed in that order. */
    protected abstract LinkedHashMap<String, DenseNetwork> networks();

    /** Creates the model's networks from their initial weights; called once, before restore. */
    protected abstract void createModel();

    /**
     * Scores {@code batch} with the current weights, then learns from it together with
     * {@code replayed}.
     *
     * @param replayed examples learned before, drawn from the replay buffer, to learn again
     *     without scoring; empty when replay is disabled
     * @param users the user embedding table
     * @param items the item embedding table
     * @param scoresByOutput filled with the scores from before the update, per output and example
     * @param out where to send what the trainer passes on
     */
    protected abstract void scoreThenLearn(
            List<IN> batch,
            List<IN> replayed,
            EmbeddingTable users,
            EmbeddingTable items,
            double[][] scoresByOutput,
            Collector<OUT> out)
            throws Exception;

    /** Returns the label of output {@code output} for {@code example}. */
    protected abstract boolean label(IN example, int output);

    /** Returns the event time of {@code example}. */
    protected abstract long eventTime(IN example);

    /** Returns the settings recorded in snapshot manifests. */
    protected abstract Map<String, String> settings();

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        var store = context.getOperatorStateStore();
        bufferState = store.getListState(new ListStateDescriptor<>("pending-batch", inputClass));
        progressState = store.getListState(new ListStateDescriptor<>("progress", TrainerProgress.class));
        denseState = store.getListState(new ListStateDescriptor<>("dense-state", DenseState.class));
        validationState = store.getListState(new ListStateDescriptor<>(
                "progressive-validation", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        replayState = store.getListState(new ListStateDescriptor<>("replay-buffer", inputClass));
        replayDrawsState = store.getListState(new ListStateDescriptor<>("replay-draws", Long.class));

        createModel();
        buffer = new ArrayList<>();
        bufferState.get().forEach(buffer::add);
        progress = TrainerProgress.START;
        for (TrainerProgress restored : progressState.get()) {
            progress = restored;
        }
        List<DenseNetwork> networks = new ArrayList<>(networks().values());
        int index = 0;
        for (DenseState state : denseState.get()) {
            networks.get(index++).restore(state);
        }
        restoreValidation();
        restoreReplay();
        if (context.isRestored()) {
            LOG.info(
                    "Restored {} trainer: {} examples learned, next snapshot version {}, published version {},"
                            + " {} examples pending, {} examples in the replay buffer",
                    modelName,
                    progress.examples(),
                    progress.nextVersion(),
                    validation.publishedVersion(),
                    buffer.size(),
                    replay.size());
        }
    }

    private void restoreValidation() throws Exception {
        validation = new ProgressiveValidation(outputNames(), options.validation());
        for (byte[] bytes : validationState.get()) {
            validation = ProgressiveValidation.fromBytes(bytes, outputNames(), getClass().getClassLoader());
            if (validation.reconfigure(options.validation())) {
                LOG.warn(
                        "{} trainer: validation window is now {} ms in {} buckets, unlike the restored one;"
                                + " the window figures start empty",
                        modelName,
                        options.validation().windowMillis(),
                        options.validation().windowBuckets());
            }
        }
        headlines = validation.headlines();
    }

    private void restoreReplay() throws Exception {
        List<IN> contents = new ArrayList<>();
        replayState.get().forEach(contents::add);
        long draws = 0;
        for (Long restored : replayDrawsState.get()) {
            draws = restored;
        }
        replay = ReplayBuffer.restore(options.replay(), contents, draws);
        if (contents.size() > replay.size()) {
            LOG.warn(
                    "{} trainer: replay capacity is now {}, below the {} restored examples; kept the newest",
                    modelName,
                    options.replay().capacity(),
                    contents.size());
        }
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        users = TrainerTable.open(getRuntimeContext(), "users", "user", embeddingOptions);
        items = TrainerTable.open(getRuntimeContext(), "items", "item", embeddingOptions);
        staged = new ArrayDeque<>();
        fullSnapshotDue = true;
        lastStageMillis = Long.MIN_VALUE;

        publisher = new SnapshotPublisher(Path.of(options.snapshotRoot()), options.bootstrapServers(), options.snapshotsTopic());
        publisher.discardStaged(modelName);
        // A restore from an older retained checkpoint must not reuse versions already announced.
        long published = SnapshotPublisher.latestPublishedVersion(Path.of(options.snapshotRoot()), modelName);
        if (published >= progress.nextVersion()) {
            progress = new TrainerProgress(progress.examples(), published + 1, progress.lastEventTime());
        }
        // Serving keeps the newest announced version, which a restored state may not have seen.
        validation.published(published);

        var group = getRuntimeContext().getMetricGroup().addGroup("model", modelName);
        group.gauge("examplesTrained", () -> progress.examples());
        group.gauge("stagedVersion", () -> progress.nextVersion() - 1);
        group.gauge("publishedVersion", () -> validation.publishedVersion());
        List<String> outputs = outputNames();
        for (int index = 0; index < outputs.size(); index++) {
            int output = index;
            String name = outputs.get(output);
            group.gauge(name + "ProgressiveAuc", () -> headlines.get(output).auc());
            group.gauge(name + "ProgressiveLogLoss", () -> headlines.get(output).logLoss());
            group.gauge(name + "WindowAuc", () -> headlines.get(output).windowAuc());
            group.gauge(name + "WindowLogLoss", () -> headlines.get(output).windowLogLoss());
        }
        users.registerGauges(group);
        items.registerGauges(group);
    }

    @Override
    public void processElement(IN example, Context context, Collector<OUT> out) throws Exception {
        buffer.add(example);
        if (buffer.size() >= options.batchSize()) {
            flush(context, out);
        } else if (!flushTimerPending) {
            flushTimerPending = true;
            context.timerService().registerProcessingTimeTimer(
                    context.timerService().currentProcessingTime() + options.flushMillis());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<OUT> out) throws Exception {
        flushTimerPending = false;
        if (!buffer.isEmpty()) {
            flush(context, out);
        }
    }

    private void flush(Context context, Collector<OUT> out) throws Exception {
        List<IN> batch = buffer;
        buffer = new ArrayList<>();
        long lastEventTime = progress.lastEventTime();
        for (IN example : batch) {
            lastEventTime = Math.max(lastEventTime, eventTime(example));
        }

        users.table().beginBatch(lastEventTime);
        items.table().beginBatch(lastEventTime);
        double[][] scores = new double[outputNames().size()][batch.size()];
        List<IN> replayed = replay.sample(batch.size());
        scoreThenLearn(batch, replayed, users.table(), items.table(), scores, out);
        users.table().endBatch();
        items.table().endBatch();
        replay.add(batch);

        for (int i = 0; i < batch.size(); i++) {
            IN example = batch.get(i);
            for (int output = 0; output < scores.length; output++) {
                validation.add(output, clip(scores[output][i]), label(example, output), eventTime(example));
            }
        }
        headlines = validation.headlines();
        progress = new TrainerProgress(progress.examples() + batch.size(), progress.nextVersion(), lastEventTime);

        long now = context.timerService().currentProcessingTime();
        if (!metricsEmitted || now - lastMetricsMillis >= options.metricsIntervalMillis()) {
            metricsEmitted = true;
            lastMetricsMillis = now;
            context.output(METRICS, metricsRecord().toJson());
        }
        if (progress.examples() - lastLoggedExamples >= LOG_EVERY_EXAMPLES) {
            lastLoggedExamples = progress.examples();
            LOG.info("{} trainer: {} examples learned", modelName, progress.examples());
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} trainer: {}", modelName, metricsRecord().toJson());
            }
        }
        if (lastStageMillis == Long.MIN_VALUE || now - lastStageMillis >= options.snapshotIntervalMillis()) {
            lastStageMillis = now;
            stageSnapshot();
        }
    }

    private MetricsRecord metricsRecord() {
        Map<String, EmbeddingTableMetrics> tables = new LinkedHashMap<>();
        tables.put(users.name(), users.metrics());
        tables.put(items.name(), items.metrics());
        return MetricsRecord.model(
                modelName,
                progress.examples(),
                progress.nextVersion() - 1,
                validation.publishedVersion(),
                progress.lastEventTime(),
                validation,
                tables);
    }

    private void stageSnapshot() throws Exception {
        long version = progress.nextVersion();
        boolean full = fullSnapshotDue || version - lastFullVersion >= options.fullSnapshotEvery();
        Map<String, Map<Long, float[]>> tables = new LinkedHashMap<>();
        Map<String, Set<Long>> deletions = new LinkedHashMap<>();
        for (TrainerTable table : List.of(users, items)) {
            tables.put(table.name(), table.snapshotRows(full));
            deletions.put(table.name(), table.snapshotDeletions(full));
            table.clearChanges();
        }

        Map<String, byte[]> networkFiles = new LinkedHashMap<>();
        for (Map.Entry<String, DenseNetwork> network : networks().entrySet()) {
            networkFiles.put(network.getKey(), network.getValue().toBytes());
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        for (int output = 0; output < outputNames().size(); output++) {
            String name = outputNames().get(output);
            ProgressiveMetrics cumulative = validation.cumulative(output);
            cumulative.auc().ifPresent(value -> figures.put(name + ".auc", value));
            cumulative.logLoss().ifPresent(value -> figures.put(name + ".logloss", value));
        }
        SnapshotManifest manifest = new SnapshotManifest(
                modelName,
                version,
                full ? SnapshotManifest.Kind.FULL : SnapshotManifest.Kind.DELTA,
                full ? version : version - 1,
                -1,
                System.currentTimeMillis(),
                progress.examples(),
                progress.lastEventTime(),
                embeddingOptions.dimension(),
                settings(),
                figures);
        Path directory = publisher.stage(new ModelSnapshot(manifest, networkFiles, tables, deletions));
        staged.add(new StagedSnapshot(version, directory, -1));
        if (full) {
            fullSnapshotDue = false;
            lastFullVersion = version;
        }
        progress = new TrainerProgress(progress.examples(), version + 1, progress.lastEventTime());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        bufferState.update(buffer);
        progressState.update(List.of(progress));
        List<DenseState> states = new ArrayList<>();
        for (DenseNetwork network : networks().values()) {
            states.add(network.state());
        }
        denseState.update(states);
        validationState.update(List.of(validation.toBytes()));
        replayState.update(replay.contents());
        replayDrawsState.update(List.of(replay.draws()));

        long checkpointId = context.getCheckpointId();
        List<StagedSnapshot> assigned = new ArrayList<>();
        for (StagedSnapshot snapshot : staged) {
            assigned.add(snapshot.checkpointId() < 0 ? snapshot.coveredBy(checkpointId) : snapshot);
        }
        staged.clear();
        staged.addAll(assigned);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        while (!staged.isEmpty() && staged.peekFirst().checkpointId() >= 0
                && staged.peekFirst().checkpointId() <= checkpointId) {
            StagedSnapshot snapshot = staged.removeFirst();
            publisher.publish(snapshot.directory(), checkpointId);
            validation.published(snapshot.version());
        }
    }

    @Override
    public void close() throws Exception {
        if (publisher != null) {
            publisher.close();
        }
    }

    private static double clip(double probability) {
        return Math.min(1.0, Math.max(0.0, probability));
    }

    /** A staged snapshot and the checkpoint that covers it, or -1 before the next barrier. */
    private record StagedSnapshot(long version, Path directory, long checkpointId) {

        StagedSnapshot coveredBy(long id) {
            return new StagedSnapshot(version, directory, id);
        }
    }
}
