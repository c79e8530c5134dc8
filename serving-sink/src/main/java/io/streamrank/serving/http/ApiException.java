package io.streamrank.serving.http;

/**
 * A request that the API rejects with a 4xx status and a JSON message.
 *
 * <p>The message states what was wrong and what was expected. {@code parameter} names the query
 * parameter or path segment at fault, or is null when the request as a whole is wrong.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String parameter;

    public ApiException(int status, String parameter, String message) {
        super(message);
        this.status = status;
        this.parameter = parameter;
    }

    public int status() {
        return status;
    }

    public String parameter() {
        return parameter;
    }
}
