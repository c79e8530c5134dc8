package io.streamrank.jobs.train;

import com.fasterxml.jackson.databind.JsonNode;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.serving.sink.SnapshotAnnouncement;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.operators.testutils.MockInputSplitProvider;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;

/** Builds trainer harnesses on the RocksDB backend, examples, and readers of their outputs. */
final class TrainerTestSupport {

    /** Event time of the first examples, in epoch milliseconds. */
    static final long T0 = 1_700_000_000_000L;

    /** Upper bound of a wait for snapshot announcements. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Managed memory and network buffer size of the harness's default environment. */
    private static final long HARNESS_MANAGED_MEMORY = 3 * 1024 * 1024;
    private static final int HARNESS_BUFFER_SIZE = 1024;

    private TrainerTestSupport() {}

    /** Returns a harness for {@code trainer}, keyed by the model name, on the embedded RocksDB backend. */
    static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness(
            TrainerFunction<IN, OUT> trainer, String model) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(trainer), input -> model, Types.STRING);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }

    /**
     * Returns a harness like {@link #harness} whose task metric group hands every registered
     * metric to {@code metrics}, under {@code <table>.<name>} for metrics of a {@code table}
     * group and under {@code <name>} for the others.
     */
    static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harnessWithMetrics(
            TrainerFunction<IN, OUT> trainer, String model, Map<String, Metric> metrics) throws Exception {
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) -> {
                    String table = group.getAllVariables().get("<table>");
                    metrics.put(table == null ? name : table + "." + name, metric);
                })
                .build();
        TaskMetricGroup task = TaskManagerMetricGroup.createTaskManagerMetricGroup(
                        registry, "127.0.0.1", ResourceID.generate())
                .addJob(new JobID(), "trainer-test")
                .addTask(ExecutionAttemptID.randomId(), "trainer");
        MockEnvironment environment = new MockEnvironmentBuilder()
                .setTaskName("trainer")
                .setManagedMemorySize(HARNESS_MANAGED_MEMORY)
                .setInputSplitProvider(new MockInputSplitProvider())
                .setBufferSize(HARNESS_BUFFER_SIZE)
                .setMaxParallelism(1)
                .setParallelism(1)
                .setSubtaskIndex(0)
                .setMetricGroup(task)
                .build();
        KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(trainer), input -> model, Types.STRING, environment);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }

    /** Returns an example of {@code user} and {@code item} at {@code time} with empty features. */
    static TrainingExample example(String eventId, long user, long item, long time, boolean click) {
        return new TrainingExample(
                eventId, user, item, time, -1, false, UserFeatures.empty(user), ItemFeatures.empty(item), click,
                click && user % 2 == 0);
    }

    /** Returns the metrics records that the trainer has sent to its side output, parsed, oldest first. */
    static List<JsonNode> metricsRecords(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness) {
        List<JsonNode> records = new ArrayList<>();
        Queue<StreamRecord<String>> output = harness.getSideOutput(TrainerFunction.METRICS);
        if (output != null) {
            for (StreamRecord<String> record : output) {
                records.add(MetricsRecord.parse(record.getValue()));
            }
        }
        return records;
    }

    /**
     * Reads the announcements of {@code topic} from its start until {@code count} have arrived or
     * {@link #DEADLINE} has passed, and returns those read.
     */
    static List<SnapshotAnnouncement> announcements(String bootstrapServers, String topic, int count) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "trainer-test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<SnapshotAnnouncement> announcements = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (announcements.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    announcements.add(SnapshotAnnouncement.parse(record.value()));
                }
            }
        }
        return announcements;
    }
}
