package io.streamrank.features.state;

import io.streamrank.features.event.EventType;

import java.io.Serializable;

/**
 * One non-negative weight per event type, such as the strength of intent that an event adds to a
 * user's affinity for the item's category. A weight of 0 leaves that type out.
 *
 * @param impression weight of an impression
 * @param click weight of a click
 * @param cart weight of an add-to-cart
 * @param fav weight of a favourite
 * @param purchase weight of a purchase
 */
public record EventTypeWeights(double impression, double click, double cart, double fav, double purchase)
        implements Serializable {

    public EventTypeWeights {
        requireWeight(EventType.IMPRESSION, impression);
        requireWeight(EventType.CLICK, click);
        requireWeight(EventType.CART, cart);
        requireWeight(EventType.FAV, fav);
        requireWeight(EventType.PURCHASE, purchase);
    }

    public double weight(EventType type) {
        return switch (type) {
            case IMPRESSION -> impression;
            case CLICK -> click;
            case CART -> cart;
            case FAV -> fav;
            case PURCHASE -> purchase;
        };
    }

    /** Returns these weights with {@code type} set to {@code weight}. */
    public EventTypeWeights with(EventType type, double weight) {
        return new EventTypeWeights(
                type == EventType.IMPRESSION ? weight : impression,
                type == EventType.CLICK ? weight : click,
                type == EventType.CART ? weight : cart,
                type == EventType.FAV ? weight : fav,
                type == EventType.PURCHASE ? weight : purchase);
    }

    private static void requireWeight(EventType type, double weight) {
        if (!Double.isFinite(weight) || weight < 0) {
            throw new IllegalArgumentException(
                    "weight of " + type.wireName() + " is " + weight + "; expected a finite value of 0 or more");
        }
    }
}
