package io.streamrank.jobs.ingest;

import io.streamrank.features.event.Event;

/**
 * A valid event with the Kafka timestamp of the record that carried it.
 *
 * @param event the parsed event
 * @param ingestTime the Kafka timestamp of its record, epoch milliseconds
 */
public record IngestedEvent(Event event, long ingestTime) {}
