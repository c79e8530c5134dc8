package io.streamrank.features.state;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.streamrank.features.event.EventType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes and reads feature values as JSON, the format of the feature updates topic and of the
 * serving store. Each value names its entity ({@code user} or {@code item}) and its id, so a
 * reader needs no record key. Reading a value gives back an equal object; doubles are written
 * in their shortest exact form. A value written before a field existed reads that field as empty.
 * Instances are thread-safe.
 *
 * <p>A user value: {@code id}, {@code as_of}, {@code counts} and {@code last_times} (objects by
 * event type, -1 for none), the sequence as aligned arrays {@code recent_items},
 * {@code recent_categories}, {@code recent_times} and {@code recent_types}, {@code affinity}
 * ({@code as_of}, aligned {@code categories} and {@code scores}), and {@code short_window} and
 * {@code long_window} ({@code bucket_ms}, {@code buckets}, {@code bucket_ids} and per event type
 * an array of counts aligned with the ids). An item value: {@code id}, {@code category_id},
 * {@code as_of}, {@code decayed_impressions}, {@code decayed_clicks}, {@code decayed_purchases},
 * {@code counts}, {@code prior_ctr} and {@code prior_cvr}.
 */
public final class FeatureCodec {

    public static final String USER = "user";
    public static final String ITEM = "item";

    private static final EventType[] TYPES = EventType.values();
    /** The wire names of the event types by ordinal, escaped once instead of on every write. */
    private static final SerializedString[] TYPE_NAMES = Arrays.stream(TYPES)
            .map(type -> new SerializedString(type.wireName()))
            .toArray(SerializedString[]::new);
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    /** The record key of a user's features on the updates topic and in the serving store. */
    public static String userKey(long userId) {
        return USER + ":" + userId;
    }

    /** The record key of an item's features on the updates topic and in the serving store. */
    public static String itemKey(long itemId) {
        return ITEM + ":" + itemId;
    }

    public String toJson(UserFeatures features) {
        ByteArrayBuilder text = new ByteArrayBuilder(2048);
        try (JsonGenerator json = FACTORY.createGenerator(text, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("entity", USER);
            json.writeNumberField("id", features.userId());
            json.writeNumberField("as_of", features.asOf());
            writeByType(json, "counts", features.counts());
            writeByType(json, "last_times", features.lastTimes());

            BehaviorSequence sequence = features.sequence();
            writeArray(json, "recent_items", sequence.items());
            writeArray(json, "recent_categories", sequence.categories());
            writeArray(json, "recent_times", sequence.times());
            json.writeArrayFieldStart("recent_types");
            for (byte type : sequence.types()) {
                json.writeString(TYPE_NAMES[type]);
            }
            json.writeEndArray();

            CategoryAffinity affinity = features.affinity();
            json.writeObjectFieldStart("affinity");
            json.writeNumberField("as_of", affinity.asOf());
            writeArray(json, "categories", affinity.categories());
            json.writeFieldName("scores");
            json.writeArray(affinity.scores(), 0, affinity.size());
            json.writeEndObject();

            writeWindow(json, "short_window", features.shortWindow());
            writeWindow(json, "long_window", features.longWindow());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write the features of user " + features.userId(), e);
        }
        return new String(text.toByteArray(), StandardCharsets.UTF_8);
    }

    public String toJson(ItemFeatures features) {
        ByteArrayBuilder text = new ByteArrayBuilder(512);
        try (JsonGenerator json = FACTORY.createGenerator(text, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("entity", ITEM);
            json.writeNumberField("id", features.itemId());
            json.writeNumberField("category_id", features.categoryId());
            json.writeNumberField("as_of", features.asOf());
            json.writeNumberField("decayed_impressions", features.decayedImpressions());
            json.writeNumberField("decayed_clicks", features.decayedClicks());
            json.writeNumberField("decayed_purchases", features.decayedPurchases());
            writeByType(json, "counts", features.counts());
            json.writeNumberField("prior_ctr", features.priorCtr());
            json.writeNumberField("prior_cvr", features.priorCvr());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write the features of item " + features.itemId(), e);
        }
        return new String(text.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Returns the entity named by a value written by this codec: {@link #USER} or {@link #ITEM}. */
    public String entityOf(String json) {
        return read(json).path("entity").asText();
    }

    /**
     * Reads a user value.
     *
     * @throws IllegalArgumentException naming the field when the value is not valid JSON, is not a
     *     user, or has arrays that do not line up
     */
    public UserFeatures parseUser(String json) {
        JsonNode node = requireEntity(read(json), USER);
        long[] lastTimes = readByType(node.path("last_times"), UserFeatures.NEVER);
        return new UserFeatures(
                node.path("id").asLong(),
                node.path("as_of").asLong(),
                readByType(node.path("counts"), 0L),
                lastTimes,
                readSequence(node),
                readAffinity(node.path("affinity")),
                readWindow(node.path("short_window"), "short_window"),
                readWindow(node.path("long_window"), "long_window"));
    }

    /**
     * Reads an item value.
     *
     * @throws IllegalArgumentException when the value is not valid JSON or is not an item
     */
    public ItemFeatures parseItem(String json) {
        JsonNode node = requireEntity(read(json), ITEM);
        return new ItemFeatures(
                node.path("id").asLong(),
                node.path("category_id").asLong(-1L),
                node.path("as_of").asLong(),
                node.path("decayed_impressions").asDouble(),
                node.path("decayed_clicks").asDouble(),
                node.path("decayed_purchases").asDouble(),
                readByType(node.path("counts"), 0L),
                node.path("prior_ctr").asDouble(),
                node.path("prior_cvr").asDouble());
    }

    private static void writeByType(JsonGenerator json, String field, long[] values) throws IOException {
        json.writeObjectFieldStart(field);
        for (EventType type : TYPES) {
            json.writeFieldName(TYPE_NAMES[type.ordinal()]);
            json.writeNumber(values[type.ordinal()]);
        }
        json.writeEndObject();
    }

    private static void writeArray(JsonGenerator json, String field, long[] values) throws IOException {
        json.writeFieldName(field);
        json.writeArray(values, 0, values.length);
    }

    private static void writeWindow(JsonGenerator json, String field, WindowedCounts window) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeNumberField("bucket_ms", window.bucketMillis());
        json.writeNumberField("buckets", window.buckets());
        writeArray(json, "bucket_ids", window.bucketIds());
        json.writeObjectFieldStart("counts");
        int stored = window.bucketIds().length;
        for (EventType type : TYPES) {
            json.writeFieldName(TYPE_NAMES[type.ordinal()]);
            json.writeStartArray();
            for (int i = 0; i < stored; i++) {
                json.writeNumber(window.counts()[i * WindowedCounts.TYPES + type.ordinal()]);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static long[] readByType(JsonNode node, long missing) {
        long[] values = new long[TYPES.length];
        for (EventType type : TYPES) {
            values[type.ordinal()] = node.path(type.wireName()).asLong(missing);
        }
        return values;
    }

    private static BehaviorSequence readSequence(JsonNode node) {
        long[] items = readArray(node.path("recent_items"));
        long[] categories = readAligned(node, "recent_categories", items.length, "recent_items");
        long[] times = readAligned(node, "recent_times", items.length, "recent_items");
        JsonNode typeNames = node.path("recent_types");
        byte[] types = new byte[items.length];
        if (typeNames.isMissingNode()) {
            // Written before the sequence had types: engagements of unknown type, read as clicks, the most common.
            Arrays.fill(types, (byte) EventType.CLICK.ordinal());
        } else {
            requireLength(typeNames, items.length, "recent_types", "recent_items");
            for (int i = 0; i < types.length; i++) {
                types[i] = (byte) EventType.fromWireName(typeNames.get(i).asText()).ordinal();
            }
        }
        return new BehaviorSequence(items, categories, times, types);
    }

    private static CategoryAffinity readAffinity(JsonNode node) {
        if (node.isMissingNode()) {
            return CategoryAffinity.EMPTY;
        }
        long[] categories = readArray(node.path("categories"));
        JsonNode scoreNodes = node.path("scores");
        requireLength(scoreNodes, categories.length, "affinity.scores", "affinity.categories");
        double[] scores = new double[categories.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = scoreNodes.get(i).asDouble();
        }
        return new CategoryAffinity(node.path("as_of").asLong(-1L), categories, scores);
    }

    private static WindowedCounts readWindow(JsonNode node, String field) {
        if (node.isMissingNode()) {
            return WindowedCounts.NONE;
        }
        long[] ids = readArray(node.path("bucket_ids"));
        long bucketMillis = node.path("bucket_ms").asLong();
        int buckets = node.path("buckets").asInt();
        if (ids.length > 0 && (bucketMillis < 1 || buckets < ids.length)) {
            throw new IllegalArgumentException(
                    "feature value has " + ids.length + " buckets in " + field + " with bucket_ms " + bucketMillis
                            + " and buckets " + buckets + "; expected bucket_ms of 1 or more and at least as many"
                            + " buckets as bucket_ids");
        }
        int[] counts = new int[ids.length * WindowedCounts.TYPES];
        JsonNode countNodes = node.path("counts");
        for (EventType type : TYPES) {
            JsonNode perBucket = countNodes.path(type.wireName());
            requireLength(perBucket, ids.length, field + ".counts." + type.wireName(), field + ".bucket_ids");
            for (int i = 0; i < ids.length; i++) {
                counts[i * WindowedCounts.TYPES + type.ordinal()] = perBucket.get(i).asInt();
            }
        }
        return new WindowedCounts(bucketMillis, buckets, ids, counts);
    }

    private static long[] readAligned(JsonNode node, String field, int length, String alignedWith) {
        JsonNode array = node.path(field);
        requireLength(array, length, field, alignedWith);
        return readArray(array);
    }

    private static void requireLength(JsonNode array, int length, String field, String alignedWith) {
        if (array.size() != length) {
            throw new IllegalArgumentException(
                    "feature value has " + array.size() + " entries in " + field + " but " + length + " in "
                            + alignedWith + "; expected aligned arrays");
        }
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
