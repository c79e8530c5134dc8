package io.streamrank.jobs.ingest;

import io.streamrank.features.event.EventCodec;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Writes late events to the late-events topic. The value is the event in the format of the events
 * topic and the key is the user id, as on the events topic, so that a record can be replayed
 * unchanged. The record keeps the Kafka timestamp of the original, and header
 * {@value #WATERMARK_HEADER} carries the watermark that the event missed, as decimal text.
 */
public final class LateEventSerializer implements KafkaRecordSerializationSchema<LateEvent> {

    private static final long serialVersionUID = 1L;

    public static final String WATERMARK_HEADER = "watermark";

    private final String topic;
    private transient EventCodec codec;

    public LateEventSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(LateEvent late, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = new EventCodec(); // transient: created on the sink's side after deserialization
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(WATERMARK_HEADER, Long.toString(late.watermark()).getBytes(StandardCharsets.UTF_8)));
        IngestedEvent ingested = late.ingested();
        return new ProducerRecord<>(
                topic,
                null,
                ingested.ingestTime(),
                Long.toString(ingested.event().userId()).getBytes(StandardCharsets.UTF_8),
                codec.toBytes(ingested.event()),
                headers);
    }
}
