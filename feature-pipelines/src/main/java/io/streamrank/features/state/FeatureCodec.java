package io.streamrank.features.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.streamrank.features.event.EventType;

/**
 * Writes and reads feature values as JSON, the format of the feature updates topic and of the
 * serving store. Each value names its entity ({@code user} or {@code item}) and its id, so a
 * reader needs no record key. Instances are thread-safe.
 */
public final class FeatureCodec {

    public static final String USER = "user";
    public static final String ITEM = "item";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The record key of a user's features on the updates topic and in the serving store. */
    public static String userKey(long userId) {
        return USER + ":" + userId;
    }

    /** The record key of an item's features on the updates topic and in the serving store. */
    public static String itemKey(long itemId) {
        return ITEM + ":" + itemId;
    }

    public String toJson(UserFeatures features) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("entity", USER);
        node.put("id", features.userId());
        node.put("as_of", features.asOf());
        node.set("counts", countsNode(features.counts()));
        node.set("recent_items", arrayNode(features.recentItems()));
        node.set("recent_categories", arrayNode(features.recentCategories()));
        node.set("recent_times", arrayNode(features.recentTimes()));
        return node.toString();
    }

    public String toJson(ItemFeatures features) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("entity", ITEM);
        node.put("id", features.itemId());
        node.put("category_id", features.categoryId());
        node.put("as_of", features.asOf());
        node.put("decayed_impressions", features.decayedImpressions());
        node.put("decayed_clicks", features.decayedClicks());
        node.put("decayed_purchases", features.decayedPurchases());
        node.set("counts", countsNode(features.counts()));
        return node.toString();
    }

    /** Returns the entity named by a value written by this codec: {@link #USER} or {@link #ITEM}. */
    public String entityOf(String json) {
        return read(json).path("entity").asText();
    }

    public UserFeatures parseUser(String json) {
        JsonNode node = requireEntity(read(json), USER);
        return new UserFeatures(
                node.path("id").asLong(),
                node.path("as_of").asLong(),
                readCounts(node.path("counts")),
                readArray(node.path("recent_items")),
                readArray(node.path("recent_categories")),
                readArray(node.path("recent_times")));
    }

    public ItemFeatures parseItem(String json) {
        JsonNode node = requireEntity(read(json), ITEM);
        return new ItemFeatures(
                node.path("id").asLong(),
                node.path("category_id").asLong(-1L),
                node.path("as_of").asLong(),
                node.path("decayed_impressions").asDouble(),
                node.path("decayed_clicks").asDouble(),
                node.path("decayed_purchases").asDouble(),
                readCounts(node.path("counts")));
    }

    private static ObjectNode countsNode(long[] counts) {
        ObjectNode node = MAPPER.createObjectNode();
        for (EventType type : EventType.values()) {
            node.put(type.wireName(), counts[type.ordinal()]);
        }
        return node;
    }

    private static long[] readCounts(JsonNode node) {
        long[] counts = new long[EventType.values().length];
        for (EventType type : EventType.values()) {
            counts[type.ordinal()] = node.path(type.wireName()).asLong();
        }
        return counts;
    }

    private static ArrayNode arrayNode(long[] values) {
        ArrayNode array = MAPPER.createArrayNode();
        for (long value : values) {
            array.add(value);
        }
        return array;
    }

    private static long[] readArray(JsonNode node) {
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(i).asLong();
        }
        return values;
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("feature value is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode requireEntity(JsonNode node, String expected) {
        String entity = node.path("entity").asText();
        if (!expected.equals(entity)) {
            throw new IllegalArgumentException(
                    "feature value has entity '" + entity + "'; expected '" + expected + "'");
        }
        return node;
    }
}
