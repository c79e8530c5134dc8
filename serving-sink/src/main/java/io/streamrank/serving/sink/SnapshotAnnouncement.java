package io.streamrank.serving.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.streamrank.model.snapshot.SnapshotManifest;

/**
 * The record on the snapshots topic that tells serving a new version is ready to load.
 *
 * @param model the model name
 * @param version the new version
 * @param kind full or delta
 * @param baseVersion the version a delta applies to (its own version for a full snapshot)
 * @param path absolute path of the published snapshot directory
 * @param checkpointId the completed checkpoint that covers the snapshot
 * @param publishedAtMillis wall-clock time of publication
 */
public record SnapshotAnnouncement(
        String model,
        long version,
        SnapshotManifest.Kind kind,
        long baseVersion,
        String path,
        long checkpointId,
        long publishedAtMillis) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public String toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("model", model);
        node.put("version", version);
        node.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        node.put("base_version", baseVersion);
        node.put("path", path);
        node.put("checkpoint_id", checkpointId);
        node.put("published_at", publishedAtMillis);
        return node.toString();
    }

    /**
     * Parses an announcement.
     *
     * @throws IllegalArgumentException naming the problem when the text is not an announcement
     */
    public static SnapshotAnnouncement parse(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("snapshot announcement is not valid JSON: " + e.getOriginalMessage(), e);
        }
        for (String field : new String[] {"model", "version", "kind", "path"}) {
            if (node == null || !node.hasNonNull(field)) {
                throw new IllegalArgumentException("snapshot announcement has no '" + field + "': " + json);
            }
        }
        return new SnapshotAnnouncement(
                node.get("model").asText(),
                node.get("version").asLong(),
                SnapshotManifest.Kind.valueOf(node.get("kind").asText().toUpperCase(java.util.Locale.ROOT)),
                node.path("base_version").asLong(node.get("version").asLong()),
                node.get("path").asText(),
                node.path("checkpoint_id").asLong(-1),
                node.path("published_at").asLong(0));
    }
}
