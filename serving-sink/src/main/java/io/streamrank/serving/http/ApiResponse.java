package io.streamrank.serving.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A response of the API, ready to send.
 *
 * @param status the HTTP status code
 * @param contentType the value of the Content-Type header
 * @param body the body text, sent as UTF-8
 * @param headers further headers
 */
public record ApiResponse(int status, String contentType, String body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";
    static final ObjectMapper MAPPER = new ObjectMapper();

    static ApiResponse json(int status, ObjectNode body) {
        return new ApiResponse(status, JSON, body.toString(), Map.of());
    }

    /** Returns the JSON error response {@code {"status": 400, "error": "...", "parameter": "k"}}. */
    static ApiResponse error(int status, String parameter, String message, Map<String, String> headers) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", status);
        body.put("error", message);
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        return new ApiResponse(status, JSON, body.toString(), headers);
    }

    static ApiResponse error(ApiException e) {
        Map<String, String> headers = e.status() == 405 ? Map.of("Allow", "GET") : Map.of();
        return error(e.status(), e.parameter(), e.getMessage(), headers);
    }
}
