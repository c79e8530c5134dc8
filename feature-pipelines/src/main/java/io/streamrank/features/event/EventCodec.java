package io.streamrank.features.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads and writes events as JSON objects, the format of the events topic.
 *
 * <p>Parsing is strict: a field outside the schema, a missing required field, a value of the
 * wrong JSON type or a negative id is rejected with a message that names the field, the value
 * and what was expected. The schema is documented in {@code docs/event-schema.md}.
 *
 * <p>Instances are thread-safe.
 */
public final class EventCodec {

    public static final String EVENT_ID = "event_id";
    public static final String TYPE = "type";
    public static final String USER_ID = "user_id";
    public static final String ITEM_ID = "item_id";
    public static final String CATEGORY_ID = "category_id";
    public static final String EVENT_TIME = "event_time";
    public static final String REQUEST_ID = "request_id";
    public static final String POSITION = "position";
    public static final String SAMPLED = "sampled";

    private static final Set<String> KNOWN_FIELDS =
            Set.of(EVENT_ID, TYPE, USER_ID, ITEM_ID, CATEGORY_ID, EVENT_TIME, REQUEST_ID, POSITION, SAMPLED);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Parses one record; {@code bytes} is UTF-8 JSON. Jackson reads the bytes directly, without
     * decoding them to a string first.
     */
    public Event parse(byte[] bytes) throws InvalidEventException {
        if (bytes == null) {
            throw new InvalidEventException("record has no value (null)");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidEventException("unreadable JSON: " + e.getMessage(), e);
        }
        return fromTree(root);
    }

    /** Parses one record from its JSON text. */
    public Event parse(String json) throws InvalidEventException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("malformed JSON: " + e.getOriginalMessage(), e);
        }
        return fromTree(root);
    }

    private static Event fromTree(JsonNode root) throws InvalidEventException {
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("expected a JSON object, got " + describe(root));
        }
        rejectUnknownFields(root);

        String eventId = requireText(root, EVENT_ID);
        String typeName = requireText(root, TYPE);
        EventType type;
        try {
            type = EventType.fromWireName(typeName);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(e.getMessage(), e);
        }
        long userId = requireNonNegativeLong(root, USER_ID);
        long itemId = requireNonNegativeLong(root, ITEM_ID);
        long eventTime = requireNonNegativeLong(root, EVENT_TIME);
        long categoryId =
                root.has(CATEGORY_ID) ? requireNonNegativeLong(root, CATEGORY_ID) : Event.UNKNOWN_CATEGORY;
        boolean sampled = root.has(SAMPLED) && requireBoolean(root, SAMPLED);

        if (type == EventType.IMPRESSION) {
            String requestId = requireText(root, REQUEST_ID);
            long position = requireNonNegativeLong(root, POSITION);
            if (position > Integer.MAX_VALUE) {
                throw new InvalidEventException(
                        "field 'position' is " + position + "; expected at most " + Integer.MAX_VALUE);
            }
            return Event.impression(eventId, userId, itemId, categoryId, eventTime, requestId, (int) position, sampled);
        }
        for (String impressionOnly : new String[] {REQUEST_ID, POSITION, SAMPLED}) {
            if (root.has(impressionOnly)) {
                throw new InvalidEventException(
                        "field '" + impressionOnly + "' is allowed on impressions only, not on '" + typeName + "'");
            }
        }
        return Event.engagement(eventId, type, userId, itemId, categoryId, eventTime);
    }

    /** Writes an event as compact JSON text; fields without a value are left out. */
    public String toJson(Event event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put(EVENT_ID, event.eventId());
        node.put(TYPE, event.type().wireName());
        node.put(USER_ID, event.userId());
        node.put(ITEM_ID, event.itemId());
        if (event.hasCategory()) {
            node.put(CATEGORY_ID, event.categoryId());
        }
        node.put(EVENT_TIME, event.eventTime());
        if (event.type() == EventType.IMPRESSION) {
            node.put(REQUEST_ID, event.requestId());
            node.put(POSITION, event.position());
            if (event.sampled()) {
                node.put(SAMPLED, true);
            }
        }
        return node.toString();
    }

    public byte[] toBytes(Event event) {
        return toJson(event).getBytes(StandardCharsets.UTF_8);
    }

    private static void rejectUnknownFields(JsonNode root) throws InvalidEventException {
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!KNOWN_FIELDS.contains(name)) {
                throw new InvalidEventException(
                        "unknown field '" + name + "'; expected only " + String.join(", ", orderedFieldNames()));
            }
        }
    }

    private static String[] orderedFieldNames() {
        return new String[] {EVENT_ID, TYPE, USER_ID, ITEM_ID, CATEGORY_ID, EVENT_TIME, REQUEST_ID, POSITION, SAMPLED};
    }

    private static String requireText(JsonNode root, String field) throws InvalidEventException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEventException("missing required field '" + field + "'");
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new InvalidEventException(
                    "field '" + field + "' is " + describe(value) + "; expected a non-empty string");
        }
        return value.asText();
    }

    private static long requireNonNegativeLong(JsonNode root, String field) throws InvalidEventException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEventException("missing required field '" + field + "'");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidEventException(
                    "field '" + field + "' is " + describe(value) + "; expected a non-negative 64-bit integer");
        }
        long result = value.asLong();
        if (result < 0) {
            throw new InvalidEventException(
                    "field '" + field + "' is " + result + "; expected a non-negative 64-bit integer");
        }
        return result;
    }

    private static boolean requireBoolean(JsonNode root, String field) throws InvalidEventException {
        JsonNode value = root.get(field);
        if (!value.isBoolean()) {
            throw new InvalidEventException("field '" + field + "' is " + describe(value) + "; expected true or false");
        }
        return value.asBoolean();
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "empty";
        }
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
