package io.streamrank.jobs.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * A rejected record and the reason, as written to the dead-letter topic.
 *
 * @param reason why the record was rejected
 * @param source coordinates of the record: topic, partition and offset
 * @param value the record value as text (invalid UTF-8 is replaced), or null
 */
public record DeadLetter(String reason, RawRecord source, String value) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static DeadLetter of(RawRecord record, String reason) {
        String value = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        return new DeadLetter(reason, record, value);
    }

    public String toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("reason", reason);
        node.put("topic", source.topic());
        node.put("partition", source.partition());
        node.put("offset", source.offset());
        node.put("value", value);
        return node.toString();
    }
}
