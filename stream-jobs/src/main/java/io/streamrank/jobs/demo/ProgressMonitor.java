package io.streamrank.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;

import io.streamrank.jobs.JobOptions;
import io.streamrank.jobs.train.MetricsRecord;
import io.streamrank.serving.sink.SnapshotAnnouncement;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the job from the outside, through Kafka: the ingest counts and progressive metrics on
 * the metrics topic, the dead-letter topic and the snapshot announcements. Reads every topic from
 * the beginning on a background thread.
 */
public final class ProgressMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressMonitor.class);

    private final KafkaConsumer<String, String> consumer;
    private final JobOptions.Topics topics;
    private final Thread thread;
    private volatile boolean running = true;

    private final Map<Integer, Long> eventsBySubtask = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> latestModelRecords = new ConcurrentHashMap<>();
    private final List<SnapshotAnnouncement> announcements = new CopyOnWriteArrayList<>();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong firstIngestWallTime = new AtomicLong(-1);
    private final AtomicLong lastIngestWallTime = new AtomicLong(-1);

    public ProgressMonitor(String bootstrapServers, JobOptions.Topics topics) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamrank-progress-monitor");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        this.topics = topics;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.metrics(), topics.snapshots(), topics.deadLetters())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "streamrank-progress-monitor");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            // close() asked the loop to end.
        } catch (RuntimeException e) {
            LOG.error("Progress monitor stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        if (record.topic().equals(topics.deadLetters())) {
            deadLetters.incrementAndGet();
        } else if (record.topic().equals(topics.snapshots())) {
            announcements.add(SnapshotAnnouncement.parse(record.value()));
        } else {
            JsonNode node = MetricsRecord.parse(record.value());
            String kind = node.path("kind").asText();
            if (MetricsRecord.INGEST.equals(kind)) {
                eventsBySubtask.merge(node.path("subtask").asInt(), node.path("events").asLong(), Math::max);
                long wallTime = node.path("wall_time").asLong();
                firstIngestWallTime.compareAndSet(-1, wallTime);
                lastIngestWallTime.accumulateAndGet(wallTime, Math::max);
            } else if (MetricsRecord.MODEL.equals(kind)) {
                latestModelRecords.merge(node.path("model").asText(), node,
                        (old, fresh) -> fresh.path("examples").asLong() >= old.path("examples").asLong() ? fresh : old);
            }
        }
    }

    /** Valid events the feature functions have processed, summed over subtasks. */
    public long eventsConsumed() {
        return eventsBySubtask.values().stream().mapToLong(Long::longValue).sum();
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    /** The newest model record per model name, as written by the trainers. */
    public Map<String, JsonNode> modelRecords() {
        return Map.copyOf(latestModelRecords);
    }

    public long examplesTrained(String model) {
        JsonNode record = latestModelRecords.get(model);
        return record == null ? 0 : record.path("examples").asLong();
    }

    public List<SnapshotAnnouncement> announcements() {
        return List.copyOf(announcements);
    }

    /** Wall-clock span between the first and the latest ingest count, in milliseconds. */
    public long ingestSpanMillis() {
        long first = firstIngestWallTime.get();
        return first < 0 ? 0 : lastIngestWallTime.get() - first;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
