package io.streamrank.jobs;

import io.streamrank.features.state.FeatureOptions;
import io.streamrank.jobs.train.TrainerOptions;
import io.streamrank.jobs.train.ValidationOptions;
import io.streamrank.model.prerank.PrerankOptions;
import io.streamrank.model.ranker.RankerOptions;
import io.streamrank.model.replay.ExperienceReplayOptions;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the streamrank job. Build with {@link #builder(String, Path)}; {@code build()}
 * validates every value once.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topics the topic names
 * @param groupId consumer group of the events source; offsets are committed on checkpoints
 * @param parallelism parallelism of the source, the parser and the keyed feature functions
 *     (the trainers always run as one subtask per model)
 * @param checkpointInterval time between checkpoints
 * @param bufferTimeout longest time a network buffer between operators waits to fill before it is
 *     sent, so it bounds the delay each exchange adds to a feature update or an example. Flink's
 *     default is 100 ms, which at a low event rate dominates the freshness of served features
 * @param producerLinger how long the sinks' Kafka producers wait to fill a batch
 * @param workDirectory directory for checkpoints and snapshots
 * @param maxOutOfOrderness watermark bound: how far event time may go back
 * @param idleTimeout a source split without records for this long stops holding back the watermark
 * @param allowedLateness how far behind the watermark an event may arrive and still count; a
 *     later event goes to the late-events topic. The label join waits this long beyond the
 *     watermark before it applies an event, so it delays every training example by as much
 * @param eventIdTtl how long, in processing time, the id of an event is kept to drop its duplicates
 * @param clickWindow how long after an impression a click still counts, in event time
 * @param purchaseWindow how long after a click a purchase still counts, in event time
 * @param negativeKeepRate share of the negative (non-clicked) training examples kept, in (0, 1];
 *     serving corrects the models' probabilities for it
 * @param features feature settings
 * @param ranker ranker settings
 * @param prerank pre-ranker settings
 * @param batchSize trainer mini-batch size
 * @param snapshotInterval minimum time between staged snapshots
 * @param fullSnapshotEvery every this many versions a snapshot is full
 * @param validation the trainers' window of event time and number of versions for progressive
 *     validation
 * @param replay the trainers' experience replay
 */
public record JobOptions(
        String bootstrapServers,
        Topics topics,
        String groupId,
        int parallelism,
        Duration checkpointInterval,
        Duration bufferTimeout,
        Duration producerLinger,
        Path workDirectory,
        Duration maxOutOfOrderness,
        Duration idleTimeout,
        Duration allowedLateness,
        Duration eventIdTtl,
        Duration clickWindow,
        Duration purchaseWindow,
        double negativeKeepRate,
        FeatureOptions features,
        RankerOptions ranker,
        PrerankOptions prerank,
        int batchSize,
        Duration snapshotInterval,
        int fullSnapshotEvery,
        ValidationOptions validation,
        ExperienceReplayOptions replay)
        implements Serializable {

    /**
     * The topic names.
     *
     * @param events input events
     * @param deadLetters rejected records with their reasons
     * @param lateEvents events that arrived more than the allowed lateness behind the watermark,
     *     in the format of the events topic
     * @param features feature updates for serving
     * @param snapshots snapshot announcements
     * @param metrics ingest counts and progressive metrics
     */
    public record Topics(
            String events, String deadLetters, String lateEvents, String features, String snapshots, String metrics)
            implements Serializable {

        public static final Topics DEFAULTS =
                new Topics("events", "events-dlq", "events-late", "features", "snapshots", "metrics");

        public String[] all() {
            return new String[] {events, deadLetters, lateEvents, features, snapshots, metrics};
        }
    }

    /** The default {@link #bufferTimeout()}. */
    public static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofMillis(10);

    public Path checkpointDirectory() {
        return workDirectory.resolve("checkpoints");
    }

    public Path snapshotDirectory() {
        return workDirectory.resolve("snapshots");
    }

    public TrainerOptions trainerOptions() {
        return new TrainerOptions(
                batchSize,
                500,
                snapshotInterval.toMillis(),
                fullSnapshotEvery,
                1000,
                snapshotDirectory().toAbsolutePath().toString(),
                bootstrapServers,
                topics.snapshots(),
                validation,
                replay);
    }

    public static Builder builder(String bootstrapServers, Path workDirectory) {
        return new Builder(bootstrapServers, workDirectory);
    }

    /** Collects settings; every value has a default but the bootstrap servers and the work directory. */
    public static final class Builder {
        private final String bootstrapServers;
        private final Path workDirectory;
        private Topics topics = Topics.DEFAULTS;
        private String groupId = "streamrank-job";
        private int parallelism = 2;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private Duration bufferTimeout = DEFAULT_BUFFER_TIMEOUT;
        private Duration producerLinger = Duration.ofMillis(5);
        private Duration maxOutOfOrderness = Duration.ofSeconds(5);
        // Long on purpose: once a split is marked idle, the watermark follows the other splits, and
        // the idle split's next events arrive late. During a fast replay one partition can be read
        // seconds behind the other, which a short timeout turned into diverted late events.
        private Duration idleTimeout = Duration.ofMinutes(5);
        private Duration allowedLateness = Duration.ZERO;
        private Duration eventIdTtl = Duration.ofMinutes(10);
        private Duration clickWindow = Duration.ofMinutes(10);
        private Duration purchaseWindow = Duration.ofHours(1);
        private double negativeKeepRate = 1.0;
        private FeatureOptions features = FeatureOptions.DEFAULTS;
        private RankerOptions ranker = RankerOptions.DEFAULTS;
        private PrerankOptions prerank = PrerankOptions.DEFAULTS;
        private int batchSize = 256;
        private Duration snapshotInterval = Duration.ofSeconds(10);
        private int fullSnapshotEvery = 10;
        private ValidationOptions validation = ValidationOptions.DEFAULTS;
        private ExperienceReplayOptions replay = ExperienceReplayOptions.DEFAULTS;

        private Builder(String bootstrapServers, Path workDirectory) {
            this.bootstrapServers = bootstrapServers;
            this.workDirectory = workDirectory;
        }

        public Builder topics(Topics value) {
            topics = value;
            return this;
        }

        public Builder groupId(String value) {
            groupId = value;
            return this;
        }

        public Builder parallelism(int value) {
            parallelism = value;
            return this;
        }

        public Builder checkpointInterval(Duration value) {
            checkpointInterval = value;
            return this;
        }

        public Builder bufferTimeout(Duration value) {
            bufferTimeout = value;
            return this;
        }

        public Builder producerLinger(Duration value) {
            producerLinger = value;
            return this;
        }

        public Builder maxOutOfOrderness(Duration value) {
            maxOutOfOrderness = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder allowedLateness(Duration value) {
            allowedLateness = value;
            return this;
        }

        public Builder eventIdTtl(Duration value) {
            eventIdTtl = value;
            return this;
        }

        public Builder clickWindow(Duration value) {
            clickWindow = value;
            return this;
        }

        public Builder purchaseWindow(Duration value) {
            purchaseWindow = value;
            return this;
        }

        public Builder negativeKeepRate(double value) {
            negativeKeepRate = value;
            return this;
        }

        public Builder features(FeatureOptions value) {
            features = value;
            return this;
        }

        public Builder ranker(RankerOptions value) {
            ranker = value;
            return this;
        }

        public Builder prerank(PrerankOptions value) {
            prerank = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder snapshotInterval(Duration value) {
            snapshotInterval = value;
            return this;
        }

        public Builder fullSnapshotEvery(int value) {
            fullSnapshotEvery = value;
            return this;
        }

        public Builder validation(ValidationOptions value) {
            validation = value;
            return this;
        }

        public Builder replay(ExperienceReplayOptions value) {
            replay = value;
            return this;
        }

        public JobOptions build() {
            requireText(bootstrapServers, "bootstrap servers");
            Objects.requireNonNull(workDirectory, "work directory");
            requireText(groupId, "group id");
            if (parallelism < 1 || parallelism > 1024) {
                throw new IllegalArgumentException("parallelism is " + parallelism + "; expected 1 to 1024");
            }
            requirePositive(checkpointInterval, "checkpoint interval");
            requireZeroOrMore(bufferTimeout, "buffer timeout");
            requireZeroOrMore(producerLinger, "producer linger");
            requirePositive(idleTimeout, "idle timeout");
            requirePositive(clickWindow, "click window");
            requirePositive(purchaseWindow, "purchase window");
            requirePositive(snapshotInterval, "snapshot interval");
            if (maxOutOfOrderness.isNegative()) {
                throw new IllegalArgumentException(
                        "max out-of-orderness is " + maxOutOfOrderness + "; expected zero or more");
            }
            requireIngestSettings();
            Objects.requireNonNull(validation, "validation options");
            Objects.requireNonNull(replay, "replay options");
            if (batchSize < 1 || batchSize > 65_536) {
                throw new IllegalArgumentException("batch size is " + batchSize + "; expected 1 to 65536");
            }

            return new JobOptions(
                    bootstrapServers, topics, groupId, parallelism, checkpointInterval, bufferTimeout, producerLinger,
                    workDirectory,
                    maxOutOfOrderness, idleTimeout, allowedLateness, eventIdTtl, clickWindow, purchaseWindow,
                    negativeKeepRate, features, ranker, prerank, batchSize, snapshotInterval, fullSnapshotEvery,
                    validation, replay);
        }

        /** Checks the settings of deduplication, lateness and negative downsampling. */
        private void requireIngestSettings() {
            requirePositive(eventIdTtl, "event id TTL");
            if (allowedLateness == null || allowedLateness.isNegative()) {
                throw new IllegalArgumentException(
                        "allowed lateness is " + allowedLateness + "; expected zero or more");
            }
            if (!(negativeKeepRate > 0.0 && negativeKeepRate <= 1.0)) {
                throw new IllegalArgumentException("negative keep rate is " + negativeKeepRate
                        + "; expected a number in (0, 1], where 1 keeps every negative example");
            }
        }

        private static void requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("missing " + name);
            }
        }

        private static void requireZeroOrMore(Duration value, String name) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(name + " is " + value + "; expected zero or more");
            }
        }

        private static void requirePositive(Duration value, String name) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " is " + value + "; expected a positive duration");
            }
        }
    }
}
