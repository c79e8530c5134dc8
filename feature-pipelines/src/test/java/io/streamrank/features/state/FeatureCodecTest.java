package io.streamrank.features.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.junit.jupiter.api.Test;

import java.util.Random;

class FeatureCodecTest {

    private static final FeatureCodec CODEC = new FeatureCodec();
    private static final FeatureOptions OPTIONS = RandomFeatures.OPTIONS;
    private static final long START = RandomFeatures.START;

    @Test
    void userValuesRoundTrip() {
        Random random = new Random(29);
        for (int user = 0; user < 50; user++) {
            UserFeatures features = RandomFeatures.user(user, random);

            UserFeatures read = CODEC.parseUser(CODEC.toJson(features));

            assertThat(read).isEqualTo(features);
        }
        assertThat(CODEC.parseUser(CODEC.toJson(UserFeatures.empty(3)))).isEqualTo(UserFeatures.empty(3));
    }

    @Test
    void itemValuesRoundTrip() {
        Random random = new Random(31);
        GlobalRates rates = GlobalRates.NONE;
        ItemFeatures item = ItemFeatures.empty(77);
        for (int i = 0; i < 200; i++) {
            Event event = RandomFeatures.event(1, 77, START + random.nextInt(500_000_000), random);
            rates = rates.apply(event, OPTIONS);
            item = item.apply(event, rates, OPTIONS);

            assertThat(CODEC.parseItem(CODEC.toJson(item))).isEqualTo(item);
        }
        assertThat(CODEC.entityOf(CODEC.toJson(item))).isEqualTo(FeatureCodec.ITEM);
    }

    @Test
    void oldValueReadsNewFieldsAsEmpty() {
        String old = "{\"entity\":\"user\",\"id\":4,\"as_of\":1000,"
                + "\"counts\":{\"impression\":3,\"click\":2,\"cart\":0,\"fav\":0,\"purchase\":0},"
                + "\"recent_items\":[8,9],\"recent_categories\":[1,2],\"recent_times\":[1000,900]}";

        UserFeatures user = CODEC.parseUser(old);

        assertThat(user.count(EventType.CLICK)).isEqualTo(2);
        assertThat(user.recentItems()).containsExactly(8, 9);
        assertThat(user.sequence().type(1)).isEqualTo(EventType.CLICK);
        assertThat(user.lastTime(EventType.CLICK)).isEqualTo(UserFeatures.NEVER);
        assertThat(user.affinity()).isEqualTo(CategoryAffinity.EMPTY);
        assertThat(user.shortWindow()).isEqualTo(WindowedCounts.NONE);
        assertThat(CODEC.parseItem("{\"entity\":\"item\",\"id\":5,\"as_of\":7}").priorCtr()).isZero();
    }

    @Test
    void misalignedArraysRejected() {
        String json = "{\"entity\":\"user\",\"id\":4,\"as_of\":1000,\"recent_items\":[8,9],"
                + "\"recent_categories\":[1],\"recent_times\":[1000,900],\"recent_types\":[\"click\",\"cart\"]}";

        assertThatThrownBy(() -> CODEC.parseUser(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature value has 1 entries in recent_categories but 2 in recent_items; expected aligned arrays");
    }

    @Test
    void shapelessWindowRejected() {
        String json = "{\"entity\":\"user\",\"id\":4,\"as_of\":1000,\"short_window\":{\"bucket_ms\":0,"
                + "\"buckets\":12,\"bucket_ids\":[3],\"counts\":{\"impression\":[1],\"click\":[0],\"cart\":[0],"
                + "\"fav\":[0],\"purchase\":[0]}}}";

        assertThatThrownBy(() -> CODEC.parseUser(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature value has 1 buckets in short_window with bucket_ms 0 and buckets 12; expected"
                        + " bucket_ms of 1 or more and at least as many buckets as bucket_ids");
    }

    @Test
    void unknownSequenceTypeRejected() {
        String json = "{\"entity\":\"user\",\"id\":4,\"as_of\":1000,\"recent_items\":[8],"
                + "\"recent_categories\":[1],\"recent_times\":[1000],\"recent_types\":[\"view\"]}";

        assertThatThrownBy(() -> CODEC.parseUser(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown event type 'view'");
    }

    @Test
    void wrongEntityRejected() {
        assertThatThrownBy(() -> CODEC.parseItem(CODEC.toJson(UserFeatures.empty(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature value has entity 'user'; expected 'item'");
        assertThatThrownBy(() -> CODEC.parseUser("{not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("feature value is not valid JSON");
    }
}
