package io.streamrank.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.streamrank.serving.cascade.CascadeOptions;
import io.streamrank.serving.http.HttpOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

class ServingProcessTest {

    /** Maximum acceptable time for a clean stop with both consumers blocked on a silent broker. */
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(15);

    @TempDir
    Path directory;

    /**
     * Starts the whole process against a loopback socket that accepts connections and never
     * responds, so the consumers stay blocked in their first metadata request.
     */
    @Test
    void startsServesAndStops() throws Exception {
        try (ServerSocket silentBroker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path portFile = directory.resolve("run").resolve("serving.port");
            ServingOptions options = new ServingOptions(
                    "127.0.0.1:" + silentBroker.getLocalPort(),
                    directory.resolve("snapshots"),
                    directory.resolve("state"),
                    portFile,
                    "features",
                    "snapshots",
                    HttpOptions.loopbackOnFreePort(),
                    CascadeOptions.DEFAULTS);

            ServingProcess process = ServingProcess.start(options);
            int port;
            JsonNode health;
            try {
                port = Integer.parseInt(Files.readString(portFile).trim());
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                health = new ObjectMapper().readTree(response.body());
            } finally {
                long started = System.nanoTime();
                process.close();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(STOP_DEADLINE);
            }

            assertThat(process.baseUri().getPort()).isEqualTo(port);
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(health.get("feature_count").asLong()).isZero();
            assertThat(portFile).doesNotExist();
            assertThat(directory.resolve("state")).isDirectory();
            process.awaitClose();
        }
    }
}
