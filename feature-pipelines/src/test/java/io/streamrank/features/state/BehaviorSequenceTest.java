package io.streamrank.features.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import org.junit.jupiter.api.Test;

class BehaviorSequenceTest {

    private static final long START = 1_700_000_000_000L;

    @Test
    void keepsLatestEngagementsNewestFirst() {
        BehaviorSequence sequence = BehaviorSequence.EMPTY
                .add(event(1, EventType.CLICK, START), 3)
                .add(event(2, EventType.CART, START + 1), 3)
                .add(event(3, EventType.PURCHASE, START + 2), 3)
                .add(event(4, EventType.FAV, START + 3), 3);

        assertThat(sequence.items()).containsExactly(4, 3, 2);
        assertThat(sequence.times()).containsExactly(START + 3, START + 2, START + 1);
        assertThat(sequence.categories()).containsExactly(40, 30, 20);
        assertThat(sequence.type(0)).isEqualTo(EventType.FAV);
        assertThat(sequence.type(1)).isEqualTo(EventType.PURCHASE);
        assertThat(sequence.count(EventType.CART)).isEqualTo(1);
    }

    @Test
    void lateEventInsertedByTime() {
        BehaviorSequence sequence = BehaviorSequence.EMPTY
                .add(event(1, EventType.CLICK, START), 5)
                .add(event(3, EventType.CLICK, START + 20), 5)
                .add(event(2, EventType.CLICK, START + 10), 5);

        assertThat(sequence.items()).containsExactly(3, 2, 1);
    }

    @Test
    void tooOldEventNotKept() {
        BehaviorSequence full = BehaviorSequence.EMPTY
                .add(event(1, EventType.CLICK, START + 10), 2)
                .add(event(2, EventType.CLICK, START + 20), 2);

        assertThat(full.add(event(3, EventType.CLICK, START), 2)).isSameAs(full);
    }

    @Test
    void laterArrivalFirstOnTies() {
        BehaviorSequence sequence = BehaviorSequence.EMPTY
                .add(event(1, EventType.CLICK, START), 5)
                .add(event(2, EventType.PURCHASE, START), 5);

        assertThat(sequence.items()).containsExactly(2, 1);
    }

    @Test
    void shorterLimitCutsSequence() {
        BehaviorSequence sequence = BehaviorSequence.EMPTY;
        for (int i = 0; i < 10; i++) {
            sequence = sequence.add(event(i, EventType.CLICK, START + i), 10);
        }

        BehaviorSequence cut = sequence.add(event(99, EventType.CLICK, START - 1), 4);

        assertThat(cut.items()).containsExactly(9, 8, 7, 6);
    }

    @Test
    void sharesAndMembership() {
        BehaviorSequence sequence = BehaviorSequence.EMPTY
                .add(Event.engagement("a", EventType.CLICK, 1, 10, 7, START), 5)
                .add(Event.engagement("b", EventType.CLICK, 1, 11, 7, START + 1), 5)
                .add(Event.engagement("c", EventType.CLICK, 1, 12, 8, START + 2), 5)
                .add(Event.engagement("d", EventType.CLICK, 1, 13, -1, START + 3), 5);

        assertThat(sequence.categoryShare(7)).isEqualTo(0.5);
        assertThat(sequence.categoryShare(-1)).isZero();
        assertThat(BehaviorSequence.EMPTY.categoryShare(7)).isZero();
        assertThat(sequence.containsItem(12)).isTrue();
        assertThat(sequence.containsItem(99)).isFalse();
    }

    private static Event event(long item, EventType type, long time) {
        return Event.engagement("e" + item + "-" + time, type, 1L, item, item * 10, time);
    }
}
