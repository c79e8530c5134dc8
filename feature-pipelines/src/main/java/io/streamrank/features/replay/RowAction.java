package io.streamrank.features.replay;

import io.streamrank.features.event.EventType;

import java.util.List;

/** Kind of a source row, with the engagement events that it becomes in emission order. */
enum RowAction {
    CLICK(List.of(EventType.CLICK)),
    CLICK_AND_PURCHASE(List.of(EventType.CLICK, EventType.PURCHASE)),
    CART(List.of(EventType.CART)),
    FAV(List.of(EventType.FAV)),
    PURCHASE(List.of(EventType.PURCHASE));

    private final List<EventType> eventTypes;

    RowAction(List<EventType> eventTypes) {
        this.eventTypes = eventTypes;
    }

    List<EventType> eventTypes() {
        return eventTypes;
    }
}
