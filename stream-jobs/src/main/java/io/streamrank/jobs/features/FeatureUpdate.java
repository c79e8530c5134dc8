package io.streamrank.jobs.features;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A new feature value for serving, as written to the feature updates topic.
 *
 * @param key {@code user:ID} or {@code item:ID}
 * @param json the value in the feature codec's JSON
 * @param ingestTime Kafka timestamp of the event that caused it; it becomes the update record's
 *     timestamp, so that serving measures freshness from the event's arrival
 */
@TypeInfo(FeatureUpdateTypeInfo.Factory.class)
public record FeatureUpdate(String key, String json, long ingestTime) {}
