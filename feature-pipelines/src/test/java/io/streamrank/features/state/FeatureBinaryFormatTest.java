package io.streamrank.features.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

class FeatureBinaryFormatTest {

    private static final FeatureOptions OPTIONS = RandomFeatures.OPTIONS;
    private static final long START = RandomFeatures.START;

    private final FeatureBinaryFormat format = new FeatureBinaryFormat();

    @Test
    void userValuesRoundTrip() {
        Random random = new Random(37);
        for (int user = 0; user < 50; user++) {
            UserFeatures features = RandomFeatures.user(user, random);

            byte[] encoded = format.encode(features);

            assertThat(FeatureBinaryFormat.entityOf(encoded)).isEqualTo(FeatureCodec.USER);
            assertThat(FeatureBinaryFormat.decodeUser(encoded)).isEqualTo(features);
        }
        assertThat(FeatureBinaryFormat.decodeUser(format.encode(UserFeatures.empty(3))))
                .isEqualTo(UserFeatures.empty(3));
    }

    @Test
    void itemValuesRoundTripWithTheirFixedLength() {
        Random random = new Random(41);
        GlobalRates rates = GlobalRates.NONE;
        ItemFeatures item = ItemFeatures.empty(77);
        for (int i = 0; i < 200; i++) {
            Event event = RandomFeatures.event(1, 77, START + random.nextInt(500_000_000), random);
            rates = rates.apply(event, OPTIONS);
            item = item.apply(event, rates, OPTIONS);

            byte[] encoded = format.encode(item);

            assertThat(encoded).hasSize(2 + FeatureBinaryFormat.ITEM_BODY_BYTES);
            assertThat(FeatureBinaryFormat.entityOf(encoded)).isEqualTo(FeatureCodec.ITEM);
            assertThat(FeatureBinaryFormat.decodeItem(encoded)).isEqualTo(item);
        }
    }

    @Test
    void encodingReusesNoBytesOfEarlierValues() {
        Random random = new Random(43);
        UserFeatures large = RandomFeatures.user(1, random);
        byte[] first = format.encode(large);
        byte[] copy = first.clone();

        byte[] second = format.encode(UserFeatures.empty(2));

        assertThat(first).isEqualTo(copy);
        assertThat(second.length).isLessThan(first.length);
        assertThat(FeatureBinaryFormat.decodeUser(second)).isEqualTo(UserFeatures.empty(2));
    }

    @Test
    void bodyMatchesJavaDataOutput() throws IOException {
        UserFeatures user = RandomFeatures.user(5, new Random(47));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            FeatureBinaryFormat.writeUser(user, out);
        }

        byte[] framed = format.encode(user);

        assertThat(Arrays.copyOfRange(framed, 2, framed.length)).isEqualTo(bytes.toByteArray());
    }

    @Test
    void invalidValuesAreRejectedWithTheReason() {
        byte[] user = format.encode(RandomFeatures.user(9, new Random(53)));
        byte[] item = format.encode(ItemFeatures.empty(4));

        assertThatThrownBy(() -> FeatureBinaryFormat.entityOf(new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 bytes is shorter than its 2-byte header");
        assertThatThrownBy(() -> FeatureBinaryFormat.decodeUser(withByte(user, 0, (byte) 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 2; expected 1");
        assertThatThrownBy(() -> FeatureBinaryFormat.decodeUser(withByte(user, 1, (byte) 'X')))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entity byte 88");
        assertThatThrownBy(() -> FeatureBinaryFormat.decodeUser(item))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("of entity 'item'; expected 'user'");
        assertThatThrownBy(() -> FeatureBinaryFormat.decodeUser(Arrays.copyOf(user, user.length - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user feature value of " + (user.length - 1) + " bytes is invalid");
        assertThatThrownBy(() -> FeatureBinaryFormat.decodeUser(Arrays.copyOf(user, user.length + 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 bytes left over");
        assertThatThrownBy(() -> FeatureBinaryFormat.decodeItem(Arrays.copyOf(item, item.length - 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected " + FeatureBinaryFormat.ITEM_BODY_BYTES);
    }

    @Test
    void corruptLengthIsRejectedBeforeAllocating() {
        UserFeatures empty = UserFeatures.empty(1);
        byte[] encoded = format.encode(empty);
        // The sequence length follows the header, two longs and two longs per event type.
        int lengthOffset = 2 + 2 * Long.BYTES + 2 * Long.BYTES * EventType.values().length;
        encoded[lengthOffset] = (byte) 0x7F;

        assertThatThrownBy(() -> FeatureBinaryFormat.decodeUser(encoded))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence length is");
    }

    private static byte[] withByte(byte[] value, int index, byte replacement) {
        byte[] copy = value.clone();
        copy[index] = replacement;
        return copy;
    }
}
