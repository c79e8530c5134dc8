package io.streamrank.jobs.ingest;

import io.streamrank.features.event.Event;

/**
 * A valid event with the Kafka timestamp and the coordinates of the record that carried it.
 *
 * @param event the parsed event
 * @param ingestTime the Kafka timestamp of its record, epoch milliseconds
 * @param topic source topic of the record, or null when the event did not come from Kafka
 * @param partition source partition, or -1 when unknown
 * @param offset offset within the partition, or -1 when unknown
 */
public record IngestedEvent(Event event, long ingestTime, String topic, int partition, long offset) {

    /** Creates an event that did not come from a Kafka record, so it has no coordinates. */
    public IngestedEvent(Event event, long ingestTime) {
        this(event, ingestTime, null, -1, -1L);
    }

    /** Creates an event read from {@code record}. */
    public static IngestedEvent of(Event event, RawRecord record) {
        return new IngestedEvent(event, record.kafkaTimestamp(), record.topic(), record.partition(), record.offset());
    }

    /** Returns the record's coordinates as {@code topic-partition@offset}, for log lines. */
    public String coordinates() {
        return topic == null ? "(no Kafka record)" : topic + "-" + partition + "@" + offset;
    }
}
