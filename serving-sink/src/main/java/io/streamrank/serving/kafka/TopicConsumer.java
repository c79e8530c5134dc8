package io.streamrank.serving.kafka;

import io.streamrank.serving.metrics.MetricsSource;
import io.streamrank.serving.metrics.PrometheusText;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads every partition of one topic from the beginning on its own thread and hands each record,
 * with its key as a UTF-8 string and its value as bytes, to a {@link RecordHandler}.
 *
 * <p>Partitions are assigned by hand, with no consumer group and no committed offsets, so every
 * start replays the whole topic and rebuilds the serving state from it. When the Kafka client
 * fails, a new client resumes each partition at the offset this object had reached. Partitions
 * added to the topic later are picked up within {@link #PARTITION_REFRESH}.
 *
 * <p>A record that the handler rejects, or that cannot be deserialized, is counted, logged with
 * its topic, partition and offset, and skipped. The first {@value #LOGGED_FAILURES} are logged,
 * then every {@value #FAILURE_LOG_INTERVAL}th.
 */
public final class TopicConsumer implements MetricsSource, AutoCloseable {

    /** Maximum time that one poll blocks. */
    static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    /** How often the partitions of the topic are listed again. */
    static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

    private static final Duration PARTITION_LIST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final int LOGGED_FAILURES = 10;
    private static final int FAILURE_LOG_INTERVAL = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(TopicConsumer.class);

    private final String topic;
    private final Properties properties;
    private final RecordHandler handler;
    private final Thread thread;
    private final LongAdder handled = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** The next offset to read per partition, kept across Kafka clients; used by the consumer thread only. */
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();

    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /**
     * Creates a consumer of {@code topic}; {@link #start} begins reading.
     *
     * @param clientId the Kafka client id, which also names the thread
     */
    public TopicConsumer(String bootstrapServers, String topic, String clientId, RecordHandler handler) {
        this.topic = topic;
        this.handler = handler;
        this.properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public String topic() {
        return topic;
    }

    /** Number of records handled without an exception. */
    public long handledCount() {
        return handled.sum();
    }

    /** Number of records whose handler threw. */
    public long failedCount() {
        return failed.sum();
    }

    /** Stops polling and waits up to {@link #CLOSE_TIMEOUT} for the thread to close its Kafka client. */
    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Consumer thread of topic {} did not stop within {} s", topic, CLOSE_TIMEOUT.toSeconds());
        }
    }

    @Override
    public void writeTo(PrometheusText text) {
        text.family("streamrank_kafka_records_handled_total", "counter", "Kafka records handled, by topic.");
        text.sample("streamrank_kafka_records_handled_total", handled.sum(), "topic", topic);
        text.family("streamrank_kafka_records_failed_total", "counter",
                "Kafka records skipped because their handler rejected them, by topic.");
        text.sample("streamrank_kafka_records_failed_total", failed.sum(), "topic", topic);
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka =
                    new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = kafka;
                consume(kafka);
            } catch (WakeupException e) {
                if (running) {
                    LOG.warn("Consumer of topic {} was woken up while running; restarting it", topic);
                }
            } catch (KafkaException e) {
                LOG.error("Consumer of topic {} failed; restarting it at the offsets reached in {} ms",
                        topic, RETRY_BACKOFF.toMillis(), e);
                pause(RETRY_BACKOFF);
            } finally {
                consumer = null;
            }
        }
        LOG.info("Stopped consuming topic {} after {} records ({} failed)", topic, handled.sum(), failed.sum());
    }

    private void consume(KafkaConsumer<String, byte[]> kafka) {
        Set<TopicPartition> assigned = new HashSet<>();
        long nextRefresh = System.nanoTime();
        while (running) {
            if (System.nanoTime() - nextRefresh >= 0) {
                assignNewPartitions(kafka, assigned);
                nextRefresh = System.nanoTime() + PARTITION_REFRESH.toNanos();
                if (assigned.isEmpty()) {
                    pause(RETRY_BACKOFF);
                    nextRefresh = System.nanoTime();
                    continue;
                }
            }
            ConsumerRecords<String, byte[]> records;
            try {
                records = kafka.poll(POLL_TIMEOUT);
            } catch (RecordDeserializationException e) {
                skipUnreadable(kafka, e);
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                handleRecord(record);
            }
        }
    }

    private void assignNewPartitions(KafkaConsumer<String, byte[]> kafka, Set<TopicPartition> assigned) {
        List<PartitionInfo> partitions;
        try {
            partitions = kafka.partitionsFor(topic, PARTITION_LIST_TIMEOUT);
        } catch (TimeoutException e) {
            LOG.warn("Timed out after {} s listing the partitions of topic {}; retrying",
                    PARTITION_LIST_TIMEOUT.toSeconds(), topic);
            return;
        }
        List<TopicPartition> added = new ArrayList<>();
        if (partitions != null) {
            for (PartitionInfo partition : partitions) {
                TopicPartition topicPartition = new TopicPartition(topic, partition.partition());
                if (assigned.add(topicPartition)) {
                    added.add(topicPartition);
                }
            }
        }
        if (added.isEmpty()) {
            if (assigned.isEmpty()) {
                LOG.debug("Topic {} has no partitions yet; waiting for it to be created", topic);
            }
            return;
        }
        kafka.assign(assigned);
        List<TopicPartition> fromBeginning = new ArrayList<>();
        for (TopicPartition partition : added) {
            Long offset = nextOffsets.get(partition);
            if (offset == null) {
                fromBeginning.add(partition);
            } else {
                kafka.seek(partition, offset);
            }
        }
        kafka.seekToBeginning(fromBeginning);
        LOG.info("Consuming topic {} partitions {}, of which {} from the beginning", topic, added, fromBeginning);
    }

    private void handleRecord(ConsumerRecord<String, byte[]> record) {
        nextOffsets.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        try {
            handler.handle(record);
            handled.increment();
        } catch (Exception e) {
            failed.increment();
            long failures = failed.sum();
            if (failures <= LOGGED_FAILURES || failures % FAILURE_LOG_INTERVAL == 0) {
                LOG.warn("Skipped record {}-{} at offset {} ({} skipped so far): {}",
                        record.topic(), record.partition(), record.offset(), failures, e.getMessage());
            }
        }
    }

    /** Skips a record that the client cannot deserialize, which would otherwise fail every poll. */
    private void skipUnreadable(KafkaConsumer<String, byte[]> kafka, RecordDeserializationException e) {
        failed.increment();
        nextOffsets.put(e.topicPartition(), e.offset() + 1);
        kafka.seek(e.topicPartition(), e.offset() + 1);
        LOG.warn("Skipped unreadable record {} at offset {}: {}", e.topicPartition(), e.offset(), e.getMessage());
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Processes one record; an exception marks the record as skipped. */
    @FunctionalInterface
    public interface RecordHandler {

        void handle(ConsumerRecord<String, byte[]> record) throws Exception;
    }
}
