package io.streamrank.features.replay;

/** Raised for a source row that cannot become events. The message is the reason, without file or line. */
final class RowFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    RowFormatException(String reason) {
        super(reason);
    }
}
