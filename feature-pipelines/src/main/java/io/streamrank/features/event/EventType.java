package io.streamrank.features.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Kinds of user interaction carried on the events topic, with their names on the wire. */
public enum EventType {
    IMPRESSION("impression"),
    CLICK("click"),
    CART("cart"),
    FAV("fav"),
    PURCHASE("purchase");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * Returns the type with the given wire name.
     *
     * @throws IllegalArgumentException naming the value and the supported names when it is unknown
     */
    public static EventType fromWireName(String name) {
        for (EventType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                String.format(
                        Locale.ROOT,
                        "unknown event type '%s'; expected one of %s",
                        name,
                        supportedNames()));
    }

    /** The wire names of all types, in declaration order, for error messages and docs. */
    public static String supportedNames() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
