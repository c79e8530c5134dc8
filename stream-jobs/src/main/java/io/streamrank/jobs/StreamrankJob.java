package io.streamrank.jobs;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.jobs.examples.LabelJoinFunction;
import io.streamrank.jobs.examples.NegativeDownsampler;
import io.streamrank.jobs.features.EnrichedEvent;
import io.streamrank.jobs.features.FeatureUpdate;
import io.streamrank.jobs.features.ItemFeatureFunction;
import io.streamrank.jobs.features.UserFeatureFunction;
import io.streamrank.jobs.ingest.DeduplicateEventsFunction;
import io.streamrank.jobs.ingest.IngestedEvent;
import io.streamrank.jobs.ingest.LateEvent;
import io.streamrank.jobs.ingest.LateEventSerializer;
import io.streamrank.jobs.ingest.ParseEventsFunction;
import io.streamrank.jobs.ingest.RawRecord;
import io.streamrank.jobs.ingest.RawRecordDeserializer;
import io.streamrank.jobs.train.PrerankTrainerFunction;
import io.streamrank.jobs.train.RankerTrainerFunction;
import io.streamrank.jobs.train.ScoredExample;
import io.streamrank.jobs.train.TrainerFunction;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The streamrank pipeline: Kafka events in; parsing with a dead-letter topic; user and item
 * features in keyed RocksDB state, published for serving; the label join into training examples;
 * the online ranker and pre-ranker; metrics out.
 *
 * <pre>
 * events ─▶ parse ─bad─▶ dead letters
 *             │ (event time, watermarks)
 *             ▼
 *   keyBy user ─▶ drop duplicates ─late─▶ late events topic
 *             ▼
 *   keyBy user ─▶ user features ─updates─▶ features topic
 *             ▼
 *   keyBy item ─▶ item features ─updates─▶ features topic
 *             ▼
 *   keyBy (user, item) ─▶ label join ─▶ examples
 *             ▼
 *   ranker trainer ─teacher scores─▶ pre-ranker trainer ─▶ snapshots (after checkpoints)
 * </pre>
 */
public final class StreamrankJob {

    /** Largest batch of records the sinks' producers send to one partition in one request. */
    static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    private StreamrankJob() {}

    /**
     * Returns the Flink configuration the job needs: RocksDB state with Bloom filters, checkpoint
     * storage and retention, the network buffer timeout, and object reuse. Every record type of the job is
     * immutable and no operator changes a record it received, so chained operators can hand
     * records on without copying them.
     */
    public static Configuration configuration(JobOptions options) {
        Configuration configuration = new Configuration();
        configuration.set(ExecutionOptions.BUFFER_TIMEOUT, options.bufferTimeout());
        configuration.set(PipelineOptions.OBJECT_REUSE, true);
        configuration.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        // Most events of a large catalogue touch an item whose key is not in state yet. Without a
        // Bloom filter RocksDB reads an index and a data block of every level to learn that.
        configuration.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        configuration.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        configuration.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                options.checkpointDirectory().toAbsolutePath().toUri().toString());
        configuration.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        configuration.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        return configuration;
    }

    /** Adds the whole pipeline to {@code env}: Kafka in, features, examples, trainers, Kafka out. */
    public static void build(StreamExecutionEnvironment env, JobOptions options) {
        env.enableCheckpointing(options.checkpointInterval().toMillis());
        env.setParallelism(options.parallelism());

        DataStream<IngestedEvent> events = readEvents(env, options);
        Features features = computeFeatures(deduplicate(withEventTime(events, options), options), options);
        DataStream<TrainingExample> examples = joinLabels(features.enriched(), options);
        Training training = train(examples, options);

        features.stats()
                .union(training.metrics())
                .sinkTo(stringSink(options, options.topics().metrics()))
                .name("metrics")
                .uid("metrics-sink");
    }

    /**
     * Adds the feature pipeline alone to {@code env}, for the feature benchmark: Kafka in, parse,
     * event time, user and item features, feature updates to the features topic and ingest counts
     * to the metrics topic. It leaves out deduplication, the label join and the trainers, and the
     * enriched events go nowhere.
     */
    public static Features buildFeaturePipeline(StreamExecutionEnvironment env, JobOptions options) {
        env.enableCheckpointing(options.checkpointInterval().toMillis());
        env.setParallelism(options.parallelism());

        Features features = computeFeatures(withEventTime(readEvents(env, options), options), options);
        features.stats()
                .sinkTo(stringSink(options, options.topics().metrics()))
                .name("metrics")
                .uid("metrics-sink");
        return features;
    }

    /** Reads and parses the events topic; rejected records go to the dead-letter topic. */
    public static DataStream<IngestedEvent> readEvents(StreamExecutionEnvironment env, JobOptions options) {
        JobOptions.Topics topics = options.topics();
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setTopics(topics.events())
                .setGroupId(options.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();

        SingleOutputStreamOperator<IngestedEvent> parsed = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "events")
                .uid("events-source")
                .process(new ParseEventsFunction())
                .name("parse events")
                .uid("parse-events");
        parsed.getSideOutput(ParseEventsFunction.DEAD_LETTERS)
                .sinkTo(stringSink(options, topics.deadLetters()))
                .name("dead letters")
                .uid("dead-letter-sink");
        return parsed;
    }

    /** Assigns event time and bounded out-of-orderness watermarks. */
    public static DataStream<IngestedEvent> withEventTime(DataStream<IngestedEvent> events, JobOptions options) {
        return events.assignTimestampsAndWatermarks(
                        WatermarkStrategy.<IngestedEvent>forBoundedOutOfOrderness(options.maxOutOfOrderness())
                                .withTimestampAssigner((ingested, ignored) -> ingested.event().eventTime())
                                .withIdleness(options.idleTimeout()))
                .name("event time")
                .uid("event-time");
    }

    /**
     * Drops events whose id was seen before and diverts events that are more than the allowed
     * lateness behind the watermark to the late-events topic, so that neither reaches the
     * features or the label join.
     */
    public static DataStream<IngestedEvent> deduplicate(DataStream<IngestedEvent> timed, JobOptions options) {
        SingleOutputStreamOperator<IngestedEvent> unique = dropDuplicates(timed, options);
        unique.getSideOutput(DeduplicateEventsFunction.LATE_EVENTS)
                .sinkTo(KafkaSink.<LateEvent>builder()
                        .setBootstrapServers(options.bootstrapServers())
                        .setKafkaProducerConfig(producerSettings(options))
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .setRecordSerializer(new LateEventSerializer(options.topics().lateEvents()))
                        .build())
                .name("late events")
                .uid("late-event-sink");
        return unique;
    }

    /**
     * Drops duplicate events and diverts late ones to the {@link DeduplicateEventsFunction#LATE_EVENTS}
     * side output without publishing them. The offline evaluator builds its examples with this
     * stage, so it needs no Kafka broker.
     */
    public static SingleOutputStreamOperator<IngestedEvent> dropDuplicates(
            DataStream<IngestedEvent> timed, JobOptions options) {
        return timed
                .keyBy(DeduplicateEventsFunction::userKey)
                .process(new DeduplicateEventsFunction(options.eventIdTtl(), options.allowedLateness().toMillis()))
                .name("deduplicate events")
                .uid("deduplicate-events");
    }

    /**
     * The feature stage's outputs.
     *
     * @param enriched events with the user and item features from before them
     * @param stats ingest counts for the metrics topic
     * @param userUpdates new user feature values for the features topic
     * @param itemUpdates new item feature values for the features topic
     */
    public record Features(
            DataStream<EnrichedEvent> enriched,
            DataStream<String> stats,
            DataStream<FeatureUpdate> userUpdates,
            DataStream<FeatureUpdate> itemUpdates) {}

    /**
     * Keeps user and item features in keyed state and sends their updates to the features topic.
     * Each feature stage has a sink of its own with the same parallelism, so Flink chains the sink
     * to the stage and the updates never cross the network inside the job.
     */
    public static Features computeFeatures(DataStream<IngestedEvent> timed, JobOptions options) {
        Features features = keepFeatures(timed, options);
        features.userUpdates()
                .sinkTo(featureSink(options))
                .name("user feature updates")
                .uid("user-feature-update-sink");
        features.itemUpdates()
                .sinkTo(featureSink(options))
                .name("item feature updates")
                .uid("item-feature-update-sink");
        return features;
    }

    /**
     * Keeps user and item features in keyed state without publishing their updates. The offline
     * evaluator builds its examples with this stage, so it needs no Kafka broker.
     */
    public static Features keepFeatures(DataStream<IngestedEvent> timed, JobOptions options) {
        SingleOutputStreamOperator<EnrichedEvent> withUser = timed
                .keyBy(ingested -> ingested.event().userId())
                .process(new UserFeatureFunction(options.features(), 200))
                .name("user features")
                .uid("user-features");
        SingleOutputStreamOperator<EnrichedEvent> withItem = withUser
                .keyBy(enriched -> enriched.event().itemId())
                .process(new ItemFeatureFunction(options.features()))
                .name("item features")
                .uid("item-features");

        return new Features(
                withItem,
                withUser.getSideOutput(UserFeatureFunction.STATS),
                withUser.getSideOutput(UserFeatureFunction.UPDATES),
                withItem.getSideOutput(ItemFeatureFunction.UPDATES));
    }

    /**
     * Joins exposures with their clicks and purchases into training examples, in event time, and
     * keeps negatives at {@link JobOptions#negativeKeepRate()}. The keep rate goes into the job's
     * global parameters, from where the trainers record it in their snapshot manifests.
     */
    public static DataStream<TrainingExample> joinLabels(DataStream<EnrichedEvent> enriched, JobOptions options) {
        LabelJoinFunction join = new LabelJoinFunction(
                options.clickWindow().toMillis(),
                options.purchaseWindow().toMillis(),
                options.allowedLateness().toMillis());
        NegativeDownsampler.recordKeepRate(enriched.getExecutionEnvironment().getConfig(), options.negativeKeepRate());
        return enriched
                .keyBy(LabelJoinFunction::pairKey)
                .process(join)
                .name("label join")
                .uid("label-join")
                .filter(new NegativeDownsampler(options.negativeKeepRate()))
                .name("negative downsampling")
                .uid("negative-downsampling");
    }

    /**
     * The training stage's outputs.
     *
     * @param metrics the trainers' metrics records for the metrics topic
     */
    public record Training(DataStream<String> metrics) {}

    /** Trains the ranker, then the pre-ranker on the ranker's scores; each runs as one subtask. */
    public static Training train(DataStream<TrainingExample> examples, JobOptions options) {
        SingleOutputStreamOperator<ScoredExample> ranked = examples
                .keyBy(example -> RankerTrainerFunction.MODEL)
                .process(new RankerTrainerFunction(options.trainerOptions(), options.ranker(), options.features()))
                .name("ranker trainer")
                .uid("ranker-trainer")
                .setParallelism(1);
        SingleOutputStreamOperator<Void> preranked = ranked
                .keyBy(example -> PrerankTrainerFunction.MODEL)
                .process(new PrerankTrainerFunction(options.trainerOptions(), options.prerank(), options.features()))
                .name("pre-ranker trainer")
                .uid("prerank-trainer")
                .setParallelism(1);
        return new Training(ranked.getSideOutput(TrainerFunction.METRICS)
                .union(preranked.getSideOutput(TrainerFunction.METRICS)));
    }

    /**
     * Producer settings of every sink. Kafka's defaults (16 KiB batches, no linger, no compression)
     * send the feature updates, a few hundred bytes each, as many small requests, and the broker
     * then spends more CPU per event than the feature functions. Larger batches, a short linger and
     * LZ4 let one request carry hundreds of updates. The linger adds at most its length to the
     * freshness of a feature update.
     */
    static Properties producerSettings(JobOptions options) {
        Properties settings = new Properties();
        settings.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(PRODUCER_BATCH_BYTES));
        settings.setProperty(ProducerConfig.LINGER_MS_CONFIG, Long.toString(options.producerLinger().toMillis()));
        settings.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return settings;
    }

    private static KafkaSink<String> stringSink(JobOptions options, String topic) {
        return KafkaSink.<String>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setKafkaProducerConfig(producerSettings(options))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(KafkaRecordSerializationSchema.<String>builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .build();
    }

    private static KafkaSink<FeatureUpdate> featureSink(JobOptions options) {
        String topic = options.topics().features();
        KafkaRecordSerializationSchema<FeatureUpdate> serializer = (update, context, timestamp) -> new ProducerRecord<>(
                topic,
                null,
                update.ingestTime(),
                update.key().getBytes(StandardCharsets.UTF_8),
                update.value());
        return KafkaSink.<FeatureUpdate>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setKafkaProducerConfig(producerSettings(options))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(serializer)
                .build();
    }
}
