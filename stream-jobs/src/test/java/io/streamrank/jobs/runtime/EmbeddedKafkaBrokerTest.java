package io.streamrank.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs real Kafka clients against an {@link EmbeddedKafkaBroker} on 127.0.0.1. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedKafkaBrokerTest {

    /** Upper bound for each wait on the broker: a send, an Admin call or collecting records. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Extra poll after the expected records arrived, long enough to catch a duplicate delivery. */
    private static final Duration TRAILING_POLL = Duration.ofSeconds(1);

    private static final int DEFAULT_PARTITIONS = 3;

    @TempDir
    static Path sharedDataDir;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(sharedDataDir, DEFAULT_PARTITIONS);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void bootstrapAddressIsLoopback() throws Exception {
        assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");

        try (Admin admin = createAdmin(broker)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(nodes).extracting(Node::host).containsExactly("127.0.0.1");

            String listeners = brokerConfig(admin).get("listeners").value();
            assertThat(listeners.split(","))
                    .hasSize(2)
                    .allSatisfy(listener -> assertThat(listener).matches("[A-Z]+://127\\.0\\.0\\.1:\\d+"));
        }
    }

    @Test
    void producedRecordsComeBackExactlyOnce() throws Exception {
        String topic = "events";
        broker.createTopics(2, topic);

        List<String> sent = IntStream.range(0, 200).mapToObj(i -> "value-" + i).collect(Collectors.toList());
        Set<Integer> partitionsWritten = new HashSet<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(broker))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "key-" + i, sent.get(i))));
            }
            for (Future<RecordMetadata> ack : acks) {
                partitionsWritten.add(ack.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).partition());
            }
        }
        assertThat(partitionsWritten).containsExactlyInAnyOrder(0, 1);

        Properties consumerProps = consumerProperties(broker, "read_uncommitted");
        consumerProps.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "exactly-once-check");
        List<ConsumerRecord<String, String>> received;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(topic));
            received = pollUntil(consumer, sent.size());
        }

        assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).extracting(ConsumerRecord::partition).containsOnly(0, 1);
        Map<Integer, List<Long>> offsetsByPartition = received.stream().collect(Collectors.groupingBy(
                ConsumerRecord::partition, Collectors.mapping(ConsumerRecord::offset, Collectors.toList())));
        offsetsByPartition.forEach((partition, offsets) -> assertThat(offsets)
                .as("offsets of partition %d", partition)
                .isEqualTo(LongStream.range(0, offsets.size()).boxed().collect(Collectors.toList())));
    }

    @Test
    void transactionalProducerCommits() throws Exception {
        String topic = "transactional-events";
        broker.createTopics(1, topic);

        Properties producerProps = producerProperties(broker);
        producerProps.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-test");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.initTransactions();

            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "committed-" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();

            // A committed record after the aborted ones proves that the consumer read past them.
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "committed-last"));
            producer.commitTransaction();
        }

        List<String> expected = new ArrayList<>();
        IntStream.range(0, 10).forEach(i -> expected.add("committed-" + i));
        expected.add("committed-last");

        List<ConsumerRecord<String, String>> received;
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerProperties(broker, "read_committed"))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            received = pollUntil(consumer, expected.size());
        }

        assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(expected);
    }

    @Test
    void internalTopicsConfiguredForOneNode() throws Exception {
        try (Admin admin = createAdmin(broker)) {
            Config config = brokerConfig(admin);

            assertThat(config.get("offsets.topic.replication.factor").value()).isEqualTo("1");
            assertThat(config.get("transaction.state.log.replication.factor").value()).isEqualTo("1");
            assertThat(config.get("transaction.state.log.min.isr").value()).isEqualTo("1");
            assertThat(config.get("share.coordinator.state.topic.replication.factor").value()).isEqualTo("1");
            assertThat(config.get("group.initial.rebalance.delay.ms").value()).isEqualTo("0");
            assertThat(config.get("num.partitions").value()).isEqualTo(Integer.toString(DEFAULT_PARTITIONS));
        }
    }

    @Test
    void createTopicsAcceptsExistingTopic() throws Exception {
        String topic = "created-twice";
        broker.createTopics(2, topic);
        broker.createTopics(2, topic);
        broker.createTopics(4, topic, "created-with-existing");

        try (Admin admin = createAdmin(broker)) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(topic, "created-with-existing"))
                    .allTopicNames()
                    .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(topics.get(topic).partitions()).hasSize(2);
            assertThat(topics.get("created-with-existing").partitions()).hasSize(4);
        }
    }

    @Test
    void createdTopicsHaveLeadersAtOnce() throws Exception {
        List<String> topics = IntStream.range(0, 10).mapToObj(i -> "led-" + i).collect(Collectors.toList());

        try (Admin admin = createAdmin(broker)) {
            for (String topic : topics) {
                broker.createTopics(3, topic);

                TopicDescription description = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .get(topic);
                assertThat(description.partitions())
                        .as("partitions of %s right after createTopics", topic)
                        .hasSize(3)
                        .allSatisfy(partition -> assertThat(partition.leader().id()).isEqualTo(1));
            }
        }
    }

    @Test
    void createTopicsRejectsInvalidArguments() {
        assertThatThrownBy(() -> broker.createTopics(0, "no-partitions"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitions must be at least 1, got 0");
        assertThatThrownBy(() -> broker.createTopics(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("At least one topic name is required");
        assertThatThrownBy(() -> broker.createTopics(1, "valid", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Topic names must not be null or blank, got [valid,  ]");
    }

    @Test
    void builderRejectsInvalidSettings(@TempDir Path dataDir) {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder(dataDir).defaultPartitions(0).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defaultPartitions must be at least 1, got 0");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder(dataDir).startupTimeout(Duration.ZERO).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startupTimeout must be a positive duration, got PT0S");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder(dataDir).shutdownTimeout(null).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shutdownTimeout must be a positive duration, got null");
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void failedStartThrowsAndAllowsRetry(@TempDir Path dataDir) throws Exception {
        // The controller cannot finish startup within 1 ms. Kafka requests a JVM halt for that failure,
        // so this test also proves that the halt is turned into an exception.
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder(dataDir).startupTimeout(Duration.ofMillis(1)).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Failed to start the Kafka broker at 127.0.0.1:")
                .hasMessageContaining(dataDir.toAbsolutePath().toString())
                .hasMessageContaining("Kafka requested a JVM halt");

        try (EmbeddedKafkaBroker retried = EmbeddedKafkaBroker.start(dataDir);
             Admin admin = createAdmin(retried)) {
            retried.createTopics(1, "after-failed-start");

            Set<String> topics = admin.listTopics().names().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(topics).contains("after-failed-start");
        }
    }

    @Test
    void restartReusesStorage(@TempDir Path dataDir) throws Exception {
        String topic = "survives-restart";
        List<String> sent = List.of("first", "second", "third");

        EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dataDir);
        try (first) {
            first.createTopics(1, topic);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(first))) {
                for (String value : sent) {
                    producer.send(new ProducerRecord<>(topic, value)).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
        first.close(); // a second close does nothing
        assertThatThrownBy(() -> first.createTopics(1, "after-close"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");

        List<ConsumerRecord<String, String>> received;
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(dataDir);
             KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerProperties(second, "read_uncommitted"))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            received = pollUntil(consumer, sent.size());
        }

        assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
    }

    /**
     * Polls until {@code expectedCount} records arrived, then once more for {@link #TRAILING_POLL} so
     * that duplicates show up in the result. Fails when the records do not arrive within {@link #DEADLINE}.
     */
    private static List<ConsumerRecord<String, String>> pollUntil(
            KafkaConsumer<String, String> consumer, int expectedCount) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        long deadlineNanos = System.nanoTime() + DEADLINE.toNanos();
        while (received.size() < expectedCount && System.nanoTime() < deadlineNanos) {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        }
        assertThat(received)
                .as("records received within %d s", DEADLINE.toSeconds())
                .hasSizeGreaterThanOrEqualTo(expectedCount);

        consumer.poll(TRAILING_POLL).forEach(received::add);
        return received;
    }

    private static Config brokerConfig(Admin admin) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, "1");
        return admin.describeConfigs(List.of(resource))
                .all()
                .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .get(resource);
    }

    private static Admin createAdmin(EmbeddedKafkaBroker target) {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        return Admin.create(props);
    }

    private static Properties producerProperties(EmbeddedKafkaBroker target) {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(DEADLINE.toMillis()));
        // A stuck send fails within the deadline. By default, close() waits 120 s for pending records to expire.
        props.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(DEADLINE.toMillis() / 2));
        props.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(DEADLINE.toMillis()));
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    private static Properties consumerProperties(EmbeddedKafkaBroker target, String isolationLevel) {
        Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }
}
