package io.streamrank.features.event;

import io.streamrank.features.state.flink.FeatureTypes;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Objects;

/**
 * One user interaction: the unit of the events topic.
 *
 * <p>{@code requestId} and {@code position} are set for impressions only and are {@code null}
 * and -1 otherwise. {@code categoryId} is -1 when the source has no category. {@code sampled}
 * marks impressions that a replay synthesized as negatives, because the dataset has no real
 * impressions; those must never be mistaken for logged exposures.
 *
 * @param eventId unique id of the event, used for deduplication
 * @param type what the user did
 * @param userId non-negative user id
 * @param itemId non-negative item id
 * @param categoryId non-negative category id of the item, or -1 when unknown
 * @param eventTime event time in epoch milliseconds
 * @param requestId id of the recommendation request that showed the item (impressions only)
 * @param position zero-based slot of the item in that response (impressions only), else -1
 * @param sampled true for impressions synthesized by a replay
 */
@TypeInfo(FeatureTypes.EventFactory.class)
public record Event(
        String eventId,
        EventType type,
        long userId,
        long itemId,
        long categoryId,
        long eventTime,
        String requestId,
        int position,
        boolean sampled) {

    public static final long UNKNOWN_CATEGORY = -1L;
    public static final int NO_POSITION = -1;

    public Event {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
    }

    /** Creates an engagement event (anything but an impression). */
    public static Event engagement(
            String eventId, EventType type, long userId, long itemId, long categoryId, long eventTime) {
        if (type == EventType.IMPRESSION) {
            throw new IllegalArgumentException("an impression needs a request id and a position");
        }
        return new Event(eventId, type, userId, itemId, categoryId, eventTime, null, NO_POSITION, false);
    }

    /** Creates an impression event. */
    public static Event impression(
            String eventId,
            long userId,
            long itemId,
            long categoryId,
            long eventTime,
            String requestId,
            int position,
            boolean sampled) {
        return new Event(
                eventId, EventType.IMPRESSION, userId, itemId, categoryId, eventTime, requestId, position, sampled);
    }

    public boolean hasCategory() {
        return categoryId >= 0;
    }
}
