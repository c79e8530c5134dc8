package io.streamrank.jobs.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates topics on a single-node cluster and waits until clients can use them. */
final class TopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    /** Time limit of one {@link #createTopics} call, including the wait for partition leaders. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Duration METADATA_POLL_INTERVAL = Duration.ofMillis(50);

    private final Admin admin;
    private final String bootstrapServers;

    /**
     * @param admin            client of the cluster, closed by the caller
     * @param bootstrapServers address of the cluster, for error messages
     */
    TopicCreator(Admin admin, String bootstrapServers) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Creates the topics that do not exist yet, with replication factor 1, then waits until the
     * broker's metadata lists a leader for every partition of every topic. A WARN line reports an
     * existing topic whose partition count differs from {@code partitions}.
     *
     * @throws IllegalStateException if creating a topic fails, or the topics do not get leaders within 30 s
     */
    void createTopics(int partitions, List<String> topics) {
        long deadlineNanos = System.nanoTime() + TIMEOUT.toNanos();

        List<NewTopic> newTopics = new ArrayList<>(topics.size());
        for (String topic : topics) {
            newTopics.add(new NewTopic(topic, partitions, (short) 1));
        }
        CreateTopicsOptions options = new CreateTopicsOptions().timeoutMs((int) TIMEOUT.toMillis());
        CreateTopicsResult result = admin.createTopics(newTopics, options);

        Set<String> existing = new HashSet<>();
        for (String topic : topics) {
            try {
                await(result.values().get(topic), deadlineNanos, "creating topic " + topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "Failed to create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
                }
                existing.add(topic);
            }
        }

        Map<String, TopicDescription> descriptions = awaitPartitionLeaders(topics, deadlineNanos);
        for (TopicDescription description : descriptions.values()) {
            logCreatedOrExisting(description, existing.contains(description.name()), partitions);
        }
    }

    /**
     * Polls the broker's metadata until every partition of {@code topics} has a leader. The controller
     * confirms a new topic before the broker has applied it to its metadata, and a client that asks the
     * broker in between gets UNKNOWN_TOPIC_OR_PARTITION.
     */
    private Map<String, TopicDescription> awaitPartitionLeaders(List<String> topics, long deadlineNanos) {
        String lastState = "no response yet";
        while (System.nanoTime() < deadlineNanos) {
            try {
                Map<String, TopicDescription> descriptions = await(
                        admin.describeTopics(topics).allTopicNames(), deadlineNanos, "describing topics " + topics);
                List<String> leaderless = leaderlessPartitions(descriptions.values());
                if (leaderless.isEmpty()) {
                    return descriptions;
                }
                lastState = "partitions without a leader: " + leaderless;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException(
                            "Failed to describe topics " + topics + ": " + e.getCause().getMessage(), e.getCause());
                }
                lastState = e.getCause().getMessage();
            }
            sleep(METADATA_POLL_INTERVAL, "waiting for the leaders of topics " + topics);
        }
        throw new IllegalStateException("Timed out after " + TIMEOUT.toSeconds() + " s waiting for the leaders"
                + " of topics " + topics + " on the Kafka broker at " + bootstrapServers + " (" + lastState + ")");
    }

    private static List<String> leaderlessPartitions(Collection<TopicDescription> descriptions) {
        List<String> leaderless = new ArrayList<>();
        for (TopicDescription description : descriptions) {
            for (TopicPartitionInfo partition : description.partitions()) {
                if (partition.leader() == null || partition.leader().isEmpty()) {
                    leaderless.add(description.name() + "-" + partition.partition());
                }
            }
        }
        return leaderless;
    }

    private static void logCreatedOrExisting(TopicDescription description, boolean existed, int requestedPartitions) {
        int actualPartitions = description.partitions().size();
        if (!existed) {
            LOG.debug("Created topic {} with {} partitions", description.name(), actualPartitions);
        } else if (actualPartitions != requestedPartitions) {
            LOG.warn("Topic {} already exists with {} partitions instead of the {} requested, and is left unchanged",
                    description.name(), actualPartitions, requestedPartitions);
        } else {
            LOG.debug("Topic {} already exists with {} partitions", description.name(), actualPartitions);
        }
    }

    /**
     * Waits for an Admin result until {@code deadlineNanos}, a {@link System#nanoTime()} value.
     *
     * @throws ExecutionException    if the request failed, so that the caller can accept some causes
     * @throws IllegalStateException if the wait timed out or was interrupted
     */
    private <T> T await(Future<T> future, long deadlineNanos, String action) throws ExecutionException {
        long remainingNanos = Math.max(0, deadlineNanos - System.nanoTime());
        try {
            return future.get(remainingNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out after " + TIMEOUT.toSeconds() + " s " + action
                    + " on the Kafka broker at " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + action, e);
        }
    }

    private static void sleep(Duration duration, String action) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + action, e);
        }
    }
}
