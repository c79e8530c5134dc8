package io.streamrank.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The figures of a demo run, written as JSON with {@code --summary-json}.
 *
 * @param eventsProduced records written to the events topic, invalid ones included
 * @param invalidRecordsProduced of those, the deliberately invalid ones
 * @param eventsConsumed valid events the feature functions processed
 * @param deadLetters records on the dead-letter topic
 * @param eventsPerSecond events consumed per second of wall time while the job was ingesting
 * @param modelRecords newest metrics record per model, as the trainers wrote it
 * @param snapshotsPublished snapshot announcements seen
 * @param snapshotsLoaded snapshots serving reports as loaded
 * @param servingUrl base URL of the serving process
 * @param recommendLatencyMillis client-side /recommend latency percentiles (p50, p99)
 */
public record DemoSummary(
        long eventsProduced,
        long invalidRecordsProduced,
        long eventsConsumed,
        long deadLetters,
        double eventsPerSecond,
        Map<String, JsonNode> modelRecords,
        long snapshotsPublished,
        long snapshotsLoaded,
        String servingUrl,
        Map<String, Double> recommendLatencyMillis) {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ObjectNode toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("events_produced", eventsProduced);
        root.put("invalid_records_produced", invalidRecordsProduced);
        root.put("events_consumed", eventsConsumed);
        root.put("dead_letters", deadLetters);
        root.put("events_per_second", Math.round(eventsPerSecond));
        ObjectNode examples = root.putObject("examples_trained");
        ObjectNode auc = root.putObject("progressive_auc");
        ObjectNode logLoss = root.putObject("progressive_logloss");
        for (Map.Entry<String, JsonNode> model : modelRecords.entrySet()) {
            examples.put(model.getKey(), model.getValue().path("examples").asLong());
            ObjectNode modelAuc = auc.putObject(model.getKey());
            ObjectNode modelLogLoss = logLoss.putObject(model.getKey());
            model.getValue().path("outputs").fields().forEachRemaining(output -> {
                if (output.getValue().has("auc")) {
                    modelAuc.put(output.getKey(), output.getValue().get("auc").asDouble());
                }
                if (output.getValue().has("logloss")) {
                    modelLogLoss.put(output.getKey(), output.getValue().get("logloss").asDouble());
                }
            });
        }
        root.put("snapshots_published", snapshotsPublished);
        root.put("snapshots_loaded", snapshotsLoaded);
        root.put("serving_url", servingUrl);
        ObjectNode latency = root.putObject("recommend_latency_ms");
        recommendLatencyMillis.forEach(latency::put);
        return root;
    }

    public void writeTo(Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), toJson());
    }

    public String toPrettyJson() throws IOException {
        return MAPPER.writeValueAsString(toJson());
    }
}
