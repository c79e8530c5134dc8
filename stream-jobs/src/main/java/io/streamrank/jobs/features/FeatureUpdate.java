package io.streamrank.jobs.features;

/**
 * A new feature value for serving, as written to the feature updates topic.
 *
 * @param key {@code user:ID} or {@code item:ID}
 * @param value the value in the framed form of {@code FeatureBinaryFormat}, the same bytes the
 *     feature function keeps in its state; it must not be modified
 * @param ingestTime Kafka timestamp of the event that caused it; it becomes the update record's
 *     timestamp, so that serving measures freshness from the event's arrival
 */
public record FeatureUpdate(String key, byte[] value, long ingestTime) {}
