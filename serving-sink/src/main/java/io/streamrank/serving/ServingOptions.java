package io.streamrank.serving;

import io.streamrank.serving.cascade.CascadeOptions;
import io.streamrank.serving.http.HttpOptions;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the serving process.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param snapshotDir root of the published snapshots, laid out as {@code <root>/<model>/v0000000007/}
 * @param stateDir directory of the feature store, or null for a new temporary directory that
 *     is deleted when the process stops
 * @param portFile file that receives the bound HTTP port once the server listens, or null
 * @param featuresTopic topic of the feature updates
 * @param snapshotsTopic topic of the snapshot announcements
 * @param http settings of the HTTP server
 * @param cascade settings of the recommendation cascade
 */
public record ServingOptions(
        String bootstrapServers,
        Path snapshotDir,
        Path stateDir,
        Path portFile,
        String featuresTopic,
        String snapshotsTopic,
        HttpOptions http,
        CascadeOptions cascade) {

    public static final String DEFAULT_FEATURES_TOPIC = "features";
    public static final String DEFAULT_SNAPSHOTS_TOPIC = "snapshots";

    public ServingOptions {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(
                    "bootstrapServers is '" + bootstrapServers + "'; expected host:port[,host:port...]");
        }
        Objects.requireNonNull(snapshotDir, "snapshotDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(cascade, "cascade");
        requireTopic("featuresTopic", featuresTopic);
        requireTopic("snapshotsTopic", snapshotsTopic);
        if (featuresTopic.equals(snapshotsTopic)) {
            throw new IllegalArgumentException(
                    "featuresTopic and snapshotsTopic are both '" + featuresTopic + "'; expected two different topics");
        }
    }

    private static void requireTopic(String name, String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException(name + " is '" + topic + "'; expected a topic name");
        }
    }
}
