package io.streamrank.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

class ReplayPassesTest {

    private static final long DAY = 86_400_000L;
    private static final long START = 1_511_568_000_000L;

    private final List<Event> events = List.of(
            Event.impression("i1", 1, 10, 5, START, "req-1", 0, true),
            Event.engagement("c1", EventType.CLICK, 1, 10, 5, START + 1_000),
            Event.engagement("p1", EventType.PURCHASE, 2, 11, -1, START + DAY + 5_000));

    @Test
    void firstPassIsUnchanged() {
        ReplayPasses passes = new ReplayPasses(events);

        assertThat(passes.size()).isEqualTo(3);
        for (int i = 0; i < events.size(); i++) {
            assertThat(passes.event(0, i)).isEqualTo(events.get(i));
        }
    }

    @Test
    void laterPassShiftsByWholeDays() {
        ReplayPasses passes = new ReplayPasses(events);

        Event impression = passes.event(2, 0);
        Event purchase = passes.event(2, 2);

        // The span is one day and five seconds, so a pass moves on by two whole days.
        assertThat(impression.eventTime()).isEqualTo(START + 2 * 2 * DAY);
        assertThat(purchase.eventTime()).isEqualTo(START + DAY + 5_000 + 2 * 2 * DAY);
        assertThat(impression.eventId()).isEqualTo("i1~2");
        assertThat(impression.requestId()).isEqualTo("req-1~2");
        assertThat(purchase.requestId()).isNull();
        assertThat(purchase.type()).isEqualTo(EventType.PURCHASE);
        assertThat(purchase.categoryId()).isEqualTo(-1);
    }

    @Test
    void iteratorCrossesPassesInOrder() {
        ReplayPasses passes = new ReplayPasses(events);

        List<Event> emitted = new ArrayList<>();
        Iterator<Event> iterator = passes.iterator(1, 5);
        iterator.forEachRemaining(emitted::add);

        assertThat(emitted).extracting(Event::eventId).containsExactly("i1~1", "c1~1", "p1~1", "i1~2", "c1~2");
        assertThat(emitted).extracting(Event::eventTime).isSorted();
        assertThat(iterator.hasNext()).isFalse();
    }

    @Test
    void emptyReplayIsRejected() {
        assertThatThrownBy(() -> new ReplayPasses(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the replay has no events");
    }
}
