package io.streamrank.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.Map;

class BootstrapServersTest {

    @Test
    void validListsPass() {
        assertThat(BootstrapServers.check("--bootstrap-servers", "127.0.0.1:9092")).isEqualTo("127.0.0.1:9092");
        assertThat(BootstrapServers.check("--bootstrap-servers", "a:1, b.example:65535")).isEqualTo("a:1, b.example:65535");
        assertThat(BootstrapServers.check("--bootstrap-servers", "[::1]:9092")).isEqualTo("[::1]:9092");
    }

    @Test
    void invalidListsNameTheOptionAndTheProblem() {
        Map<String, String> cases = Map.of(
                "", "it is empty",
                "localhost", "'localhost' has no HOST:PORT form",
                ":9092", "':9092' has no HOST:PORT form",
                "host:", "'host:' has no HOST:PORT form",
                "127.0.0.1:notaport", "the port of '127.0.0.1:notaport' is not a number",
                "host:0", "the port of 'host:0' is outside 1 to 65535",
                "a:1,,b:2", "'' has no HOST:PORT form");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            assertThatThrownBy(() -> BootstrapServers.check("--bootstrap-servers", entry.getKey()))
                    .as("value '%s'", entry.getKey())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("option '--bootstrap-servers' is '" + entry.getKey() + "': ")
                    .hasMessageContaining(entry.getValue())
                    .hasMessageEndingWith("expected HOST:PORT[,HOST:PORT...], for example 127.0.0.1:9092");
        }
        assertThatThrownBy(() -> BootstrapServers.check("--bootstrap-servers", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it is empty");
    }
}
