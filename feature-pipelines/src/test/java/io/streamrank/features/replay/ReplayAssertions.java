package io.streamrank.features.replay;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks shared by the replay tests; each returns a description of the first violation, if any. */
final class ReplayAssertions {

    private ReplayAssertions() {}

    static Optional<String> firstDuplicateId(List<Event> events) {
        Set<String> seen = new HashSet<>();
        for (Event event : events) {
            if (!seen.add(event.eventId())) {
                return Optional.of(event.eventId());
            }
        }
        return Optional.empty();
    }

    static Optional<String> firstTimeDecrease(List<Event> events) {
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).eventTime() < events.get(i - 1).eventTime()) {
                return Optional.of("event " + i + " " + events.get(i) + " comes after " + events.get(i - 1));
            }
        }
        return Optional.empty();
    }

    static Optional<String> firstDifference(List<Event> expected, List<Event> actual) {
        int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return Optional.of("event " + i + ": expected " + expected.get(i) + " but got " + actual.get(i));
            }
        }
        if (expected.size() != actual.size()) {
            return Optional.of("expected " + expected.size() + " events but got " + actual.size());
        }
        return Optional.empty();
    }

    static long count(List<Event> events, EventType type) {
        return events.stream().filter(event -> event.type() == type).count();
    }

    /** Engagements as sortable text {@code user,item,category,time,type}, for comparing with a direct parse of the file. */
    static List<String> engagementKeys(List<Event> events) {
        List<String> keys = new ArrayList<>();
        for (Event event : events) {
            if (event.type() != EventType.IMPRESSION) {
                keys.add(engagementKey(event.userId(), event.itemId(), event.categoryId(), event.eventTime(), event.type()));
            }
        }
        keys.sort(null);
        return keys;
    }

    static String engagementKey(long userId, long itemId, long categoryId, long eventTime, EventType type) {
        return userId + "," + itemId + "," + categoryId + "," + eventTime + "," + type.wireName();
    }
}
