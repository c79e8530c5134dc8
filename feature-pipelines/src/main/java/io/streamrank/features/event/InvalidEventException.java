package io.streamrank.features.event;

/** Raised when a record on the events topic does not follow the event schema. */
public final class InvalidEventException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
