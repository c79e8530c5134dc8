package io.streamrank.serving.features;

/**
 * A feature value read from the {@link OnlineFeatureStore}.
 *
 * @param value the features
 * @param asOf event time of the last event that the value covers, epoch milliseconds
 * @param recordTimestamp timestamp of the Kafka record that carried the value, epoch milliseconds
 * @param ageMillis milliseconds from recordTimestamp to the read, by the store's clock
 * @param <T> {@code UserFeatures} or {@code ItemFeatures}
 */
public record FeatureReading<T>(T value, long asOf, long recordTimestamp, long ageMillis) {}
