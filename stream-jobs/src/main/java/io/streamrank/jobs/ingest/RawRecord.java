package io.streamrank.jobs.ingest;

/**
 * A record as read from Kafka, before parsing, with its coordinates for error reports.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset offset within the partition
 * @param kafkaTimestamp the record's Kafka timestamp in epoch milliseconds (append time of the
 *     producer), used to measure freshness downstream
 * @param value the record value, or null for a tombstone
 */
public record RawRecord(String topic, int partition, long offset, long kafkaTimestamp, byte[] value) {}
