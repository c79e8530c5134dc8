package io.streamrank.jobs.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.streamrank.metrics.ProgressiveMetrics;
import io.streamrank.metrics.WindowedProgressiveMetrics;
import io.streamrank.model.embedding.EmbeddingTableMetrics;

import java.util.List;
import java.util.Map;

/**
 * Records of the metrics topic, as JSON: {@code ingest} records count the valid events a feature
 * subtask has processed; {@code model} records carry a trainer's progressive figures per output
 * (cumulative, over a window of event time and per published version) and the counters of its
 * embedding tables.
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
     * Creates a model record. Its fields are documented with the metrics topic in
     * {@code docs/architecture.md}.
     *
     * @param publishedVersion the newest version the trainer has published, or 0 before the first
     * @param validation progressive figures per output, written under {@code outputs}
     *     (cumulative), {@code window} and {@code versions}
     * @param tables counters by embedding table name (users, items), written under
     *     {@code embeddings} as {@code rows}, {@code admission_candidates}, {@code created},
     *     {@code expired} and {@code admission_rejects}
     */
    public static MetricsRecord model(
            String model,
            long examples,
            long stagedVersion,
            long publishedVersion,
            long lastEventTime,
            ProgressiveValidation validation,
            Map<String, EmbeddingTableMetrics> tables) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", MODEL);
        node.put("model", model);
        node.put("examples", examples);
        node.put("staged_version", stagedVersion);
        node.put("published_version", publishedVersion);
        node.put("last_event_time", lastEventTime);
        node.put("wall_time", System.currentTimeMillis());

        List<String> outputs = validation.outputs();
        ObjectNode cumulative = node.putObject("outputs");
        for (int output = 0; output < outputs.size(); output++) {
            putFigures(cumulative.putObject(outputs.get(output)), validation.cumulative(output));
        }
        putWindow(node.putObject("window"), validation);
        ArrayNode versions = node.putArray("versions");
        for (ProgressiveValidation.VersionFigures version : validation.versions()) {
            ObjectNode versionNode = versions.addObject();
            versionNode.put("version", version.version());
            ObjectNode outputsNode = versionNode.putObject("outputs");
            for (int output = 0; output < outputs.size(); output++) {
                putFigures(outputsNode.putObject(outputs.get(output)), version.outputs()[output]);
            }
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

    /**
     * Writes the window's settings, bounds and figures per output. Every output's window receives
     * the same examples, so the bounds and the late count of the first stand for all.
     */
    private static void putWindow(ObjectNode node, ProgressiveValidation validation) {
        WindowedProgressiveMetrics first = validation.window(0);
        node.put("length_ms", first.windowMillis());
        node.put("buckets", first.bucketCount());
        first.windowStartMillis().ifPresent(value -> node.put("start_event_time", value));
        first.windowEndMillis().ifPresent(value -> node.put("end_event_time", value));
        node.put("dropped_late", first.droppedLateCount());
        ObjectNode outputsNode = node.putObject("outputs");
        List<String> outputs = validation.outputs();
        for (int output = 0; output < outputs.size(); output++) {
            putFigures(outputsNode.putObject(outputs.get(output)), validation.window(output).window());
        }
    }

    /** Writes the figures of one output; undefined figures (no positives, say) are left out. */
    private static void putFigures(ObjectNode figures, ProgressiveMetrics metrics) {
        figures.put("count", metrics.count());
        figures.put("positives", metrics.positives());
        metrics.auc().ifPresent(value -> figures.put("auc", value));
        metrics.aucErrorBound().ifPresent(value -> figures.put("auc_error_bound", value));
        metrics.logLoss().ifPresent(value -> figures.put("logloss", value));
        metrics.normalizedEntropy().ifPresent(value -> figures.put("normalized_entropy", value));
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
