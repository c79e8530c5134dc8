package io.streamrank.jobs.ingest;

/**
 * An event that arrived more than the allowed lateness behind the watermark.
 *
 * @param ingested the event and the coordinates of its record
 * @param watermark the watermark of the operator that diverted it, epoch milliseconds
 */
public record LateEvent(IngestedEvent ingested, long watermark) {

    /** Returns how far the event time is behind the watermark, in milliseconds. */
    public long lateness() {
        return watermark - ingested.event().eventTime();
    }
}
