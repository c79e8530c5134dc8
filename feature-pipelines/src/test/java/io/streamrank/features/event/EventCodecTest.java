package io.streamrank.features.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

class EventCodecTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final String CLICK =
            "{\"event_id\":\"e1\",\"type\":\"click\",\"user_id\":7,\"item_id\":9,\"event_time\":1000}";

    @Test
    void eventsRoundTripThroughTextAndBytes() throws InvalidEventException {
        Event click = Event.engagement("taobao:17:click", EventType.CLICK, 7, 9, 3, 1_511_568_000_000L);
        Event impression = Event.impression("r-1/4", 7, 9, -1, 1_511_568_000_000L, "r-1", 4, true);
        Event purchase = Event.engagement("ü-1", EventType.PURCHASE, 0, Long.MAX_VALUE, -1, 0);

        for (Event event : new Event[] {click, impression, purchase}) {
            assertThat(CODEC.parse(CODEC.toJson(event))).isEqualTo(event);
            assertThat(CODEC.parse(CODEC.toBytes(event))).isEqualTo(event);
        }
        assertThat(CODEC.toJson(click)).doesNotContain("request_id", "position", "sampled");
        assertThat(CODEC.toJson(purchase)).doesNotContain("category_id");
    }

    @Test
    void optionalFieldsTakeTheirDefaults() throws InvalidEventException {
        Event click = CODEC.parse(CLICK);
        Event impression = CODEC.parse("{\"event_id\":\"i\",\"type\":\"impression\",\"user_id\":1,\"item_id\":2,"
                + "\"event_time\":3,\"request_id\":\"r\",\"position\":0}");

        assertThat(click.categoryId()).isEqualTo(Event.UNKNOWN_CATEGORY);
        assertThat(click.requestId()).isNull();
        assertThat(impression.sampled()).isFalse();
        assertThat(impression.position()).isZero();
    }

    @Test
    void invalidRecordsNameTheProblem() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"event_id\":", "malformed JSON");
        cases.put("[1,2,3]", "expected a JSON object, got [1,2,3]");
        cases.put("", "expected a JSON object, got empty");
        cases.put(CLICK.replace("}", ",\"rating\":5}"), "unknown field 'rating'; expected only event_id, type");
        cases.put(CLICK.replace("\"event_id\":\"e1\",", ""), "missing required field 'event_id'");
        cases.put(CLICK.replace("\"e1\"", "\"\""), "field 'event_id' is \"\"; expected a non-empty string");
        cases.put(CLICK.replace("\"click\"", "\"like\""), "unknown event type 'like'; expected one of");
        cases.put(CLICK.replace("\"user_id\":7", "\"user_id\":-7"),
                "field 'user_id' is -7; expected a non-negative 64-bit integer");
        cases.put(CLICK.replace("\"item_id\":9", "\"item_id\":\"9\""),
                "field 'item_id' is \"9\"; expected a non-negative 64-bit integer");
        cases.put(CLICK.replace("\"event_time\":1000", "\"event_time\":1.5"),
                "field 'event_time' is 1.5; expected a non-negative 64-bit integer");
        cases.put(CLICK.replace("\"event_time\":1000", "\"event_time\":99999999999999999999"),
                "field 'event_time' is 99999999999999999999; expected a non-negative 64-bit integer");
        cases.put(CLICK.replace("}", ",\"position\":2}"),
                "field 'position' is allowed on impressions only, not on 'click'");
        cases.put(CLICK.replace("\"click\"", "\"impression\""), "missing required field 'request_id'");
        cases.put(CLICK.replace("\"click\"", "\"impression\"").replace("}", ",\"request_id\":\"r\",\"position\":3000000000}"),
                "field 'position' is 3000000000; expected at most 2147483647");
        cases.put(CLICK.replace("\"click\"", "\"impression\"")
                        .replace("}", ",\"request_id\":\"r\",\"position\":1,\"sampled\":\"yes\"}"),
                "field 'sampled' is \"yes\"; expected true or false");

        for (Map.Entry<String, String> entry : cases.entrySet()) {
            assertThatThrownBy(() -> CODEC.parse(entry.getKey()))
                    .as("text %s", entry.getKey())
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining(entry.getValue());
            assertThatThrownBy(() -> CODEC.parse(entry.getKey().getBytes(StandardCharsets.UTF_8)))
                    .as("bytes %s", entry.getKey())
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining(entry.getValue());
        }
    }

    @Test
    void nullAndInvalidUtf8RecordsAreRejected() {
        byte[] invalidUtf8 = CLICK.replace("e1", "e\u00e9").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> CODEC.parse((byte[]) null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("record has no value (null)");
        assertThatThrownBy(() -> CODEC.parse(invalidUtf8))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("malformed JSON")
                .hasMessageContaining("UTF-8");
    }
}
