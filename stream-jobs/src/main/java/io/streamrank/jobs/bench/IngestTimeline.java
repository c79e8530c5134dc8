package io.streamrank.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;

import io.streamrank.jobs.train.MetricsRecord;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The number of events the feature pipeline has processed over wall-clock time, read from the
 * ingest records of the metrics topic on a background thread.
 *
 * <p>Each feature subtask reports its running count at most every 200 ms after a change, stamped
 * with the wall-clock time of the report. The timeline keeps one point per report: the report's
 * wall-clock time and the sum over subtasks of their latest counts. A point can therefore be up to
 * one report interval later than the processing it counts.
 */
final class IngestTimeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestTimeline.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final long JOIN_TIMEOUT_MILLIS = 10_000;

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final Map<Integer, Long> countBySubtask = new HashMap<>();
    private final List<Point> points = new ArrayList<>();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /**
     * One report.
     *
     * @param wallTimeMillis when the report was made, epoch milliseconds
     * @param events events processed by all subtasks as of that report
     */
    record Point(long wallTimeMillis, long events) {}

    IngestTimeline(String bootstrapServers, String metricsTopic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamrank-bench-ingest");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(metricsTopic, METADATA_TIMEOUT)
                .forEach(info -> partitions.add(new TopicPartition(metricsTopic, info.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "streamrank-bench-ingest");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL_TIMEOUT)) {
                    handle(record.value());
                }
            }
        } catch (WakeupException e) {
            // close() ended the loop.
        } catch (RuntimeException e) {
            LOG.error("Reading the ingest counts failed", e);
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(String value) {
        JsonNode node = MetricsRecord.parse(value);
        if (!MetricsRecord.INGEST.equals(node.path("kind").asText())) {
            return;
        }
        synchronized (this) {
            countBySubtask.merge(node.path("subtask").asInt(), node.path("events").asLong(), Math::max);
            long total = countBySubtask.values().stream().mapToLong(Long::longValue).sum();
            points.add(new Point(node.path("wall_time").asLong(), total));
        }
    }

    /** Events processed as of the latest report, summed over subtasks. */
    synchronized long events() {
        requireHealthy();
        return points.isEmpty() ? 0 : points.get(points.size() - 1).events();
    }

    /** Returns the first report at which at least {@code events} events were processed, if any. */
    synchronized Optional<Point> firstReaching(long events) {
        requireHealthy();
        return points.stream().filter(point -> point.events() >= events).findFirst();
    }

    /** Returns the first report, if any. */
    synchronized Optional<Point> first() {
        requireHealthy();
        return points.isEmpty() ? Optional.empty() : Optional.of(points.get(0));
    }

    private void requireHealthy() {
        if (failure != null) {
            throw new IllegalStateException("reading the ingest counts failed", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(JOIN_TIMEOUT_MILLIS);
    }
}
