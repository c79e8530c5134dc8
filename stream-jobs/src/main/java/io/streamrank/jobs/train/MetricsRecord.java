package io.streamrank.jobs.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.streamrank.metrics.ProgressiveMetrics;
import io.streamrank.model.embedding.EmbeddingTableMetrics;

import java.util.Map;

/**
 * Records of the metrics topic, as JSON: {@code ingest} records count the valid events a feature
 * subtask has processed; {@code model} records carry a trainer's progressive figures per output
 * and the counters of its embedding tables.
 */
public final class MetricsRecord {

    public static final String INGEST = "ingest";
    public static final String MODEL = "model";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode node;

    private MetricsRecord(ObjectNode node) {
        this.node = node;
    }

    public static MetricsRecord ingest(int subtask, long events) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", INGEST);
        node.put("subtask", subtask);
        node.put("events", events);
        node.put("wall_time", System.currentTimeMillis());
        return new MetricsRecord(node);
    }

    /**
     * Creates a model record.
     *
     * @param outputs progressive figures by output name (click, purchase)
     * @param tables counters by embedding table name (users, items), written under
     *     {@code embeddings} as {@code rows}, {@code admission_candidates}, {@code created},
     *     {@code expired} and {@code admission_rejects}
     */
    public static MetricsRecord model(
            String model,
            long examples,
            long stagedVersion,
            long lastEventTime,
            Map<String, ProgressiveMetrics> outputs,
            Map<String, EmbeddingTableMetrics> tables) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", MODEL);
        node.put("model", model);
        node.put("examples", examples);
        node.put("staged_version", stagedVersion);
        node.put("last_event_time", lastEventTime);
        node.put("wall_time", System.currentTimeMillis());
        ObjectNode outputsNode = node.putObject("outputs");
        for (Map.Entry<String, ProgressiveMetrics> output : outputs.entrySet()) {
            ProgressiveMetrics metrics = output.getValue();
            ObjectNode figures = outputsNode.putObject(output.getKey());
            figures.put("count", metrics.count());
            figures.put("positives", metrics.positives());
            metrics.auc().ifPresent(value -> figures.put("auc", value));
            metrics.logLoss().ifPresent(value -> figures.put("logloss", value));
            metrics.normalizedEntropy().ifPresent(value -> figures.put("normalized_entropy", value));
        }
        ObjectNode tablesNode = node.putObject("embeddings");
        for (Map.Entry<String, EmbeddingTableMetrics> table : tables.entrySet()) {
            EmbeddingTableMetrics counters = table.getValue();
            ObjectNode tableNode = tablesNode.putObject(table.getKey());
            tableNode.put("rows", counters.rows());
            tableNode.put("admission_candidates", counters.candidates());
            tableNode.put("created", counters.created());
            tableNode.put("expired", counters.expired());
            tableNode.put("admission_rejects", counters.admissionRejects());
        }
        return new MetricsRecord(node);
    }

    public String toJson() {
        return node.toString();
    }

    /** Parses a record of the metrics topic into a tree, for readers such as the demo. */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metrics record is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
