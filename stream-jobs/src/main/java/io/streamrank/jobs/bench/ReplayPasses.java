package io.streamrank.jobs.bench;

import io.streamrank.features.event.Event;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Repeats a replay's events in passes that follow each other in event time, so that a benchmark
 * can write more events than the dataset contains without sending old or duplicate events.
 *
 * <p>Pass 0 is the replay as it is. Pass k moves every event time forward by k times the
 * replay's span, rounded up to whole days so that the hour of day stays the same, and appends
 * {@code "~k"} to the event id and to an impression's request id. Each pass therefore comes after
 * the previous one, and its events are new events of the same users and items.
 */
final class ReplayPasses {

    private static final long DAY_MILLIS = 86_400_000L;

    private final List<Event> events;
    private final long passShiftMillis;

    /** @param events the replay's events in event-time order; not empty */
    ReplayPasses(List<Event> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("the replay has no events; expected at least one to repeat");
        }
        this.events = List.copyOf(events);
        long span = events.get(events.size() - 1).eventTime() - events.get(0).eventTime();
        this.passShiftMillis = (span / DAY_MILLIS + 1) * DAY_MILLIS;
    }

    /** Number of events in one pass. */
    int size() {
        return events.size();
    }

    /** Returns the {@code index}th event of pass {@code pass}. */
    Event event(int pass, int index) {
        Event event = events.get(index);
        if (pass == 0) {
            return event;
        }
        String suffix = "~" + pass;
        return new Event(
                event.eventId() + suffix,
                event.type(),
                event.userId(),
                event.itemId(),
                event.categoryId(),
                event.eventTime() + pass * passShiftMillis,
                event.requestId() == null ? null : event.requestId() + suffix,
                event.position(),
                event.sampled());
    }

    /** Returns {@code count} events in order, starting at the first event of pass {@code firstPass}. */
    Iterator<Event> iterator(int firstPass, long count) {
        return new Iterator<>() {
            private long emitted;

            @Override
            public boolean hasNext() {
                return emitted < count;
            }

            @Override
            public Event next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("all " + count + " events were returned");
                }
                int pass = firstPass + (int) (emitted / events.size());
                int index = (int) (emitted % events.size());
                emitted++;
                return event(pass, index);
            }
        };
    }
}
