package io.streamrank.jobs.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client of the serving process, for the demo and the tests. */
public final class ServingClient {

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;

    public ServingClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Sends a GET request for {@code pathAndQuery} and returns the response with its body as text. */
    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Returns the sum of all samples of the Prometheus metric {@code name} on /metrics, or 0 when
     * serving does not report it yet.
     */
    public double metric(String name) throws IOException, InterruptedException {
        double sum = 0;
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String value = line.substring(line.lastIndexOf(' ') + 1);
                sum += Double.parseDouble(value);
            }
        }
        return sum;
    }
}
