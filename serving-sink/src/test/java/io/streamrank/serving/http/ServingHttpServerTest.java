package io.streamrank.serving.http;

import static io.streamrank.serving.ServingFixture.KNOWN_USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.serving.ServingFixture;
import io.streamrank.serving.TestFeatures;
import io.streamrank.serving.cascade.CascadeOptions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

class ServingHttpServerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private ServingFixture fixture;
    private ServingHttpServer server;

    @BeforeEach
    void start() throws Exception {
        fixture = ServingFixture.withModels(directory, CascadeOptions.DEFAULTS);
        server = fixture.startHttp();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void bindsLoopback() {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.port()).isPositive();
        assertThat(server.baseUri().toString()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void recommendReturnsDistinctItems() throws Exception {
        HttpResponse<String> response = get("/recommend?user=" + KNOWN_USER + "&k=5");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("user").asLong()).isEqualTo(KNOWN_USER);
        assertThat(body.get("personalized").asBoolean()).isTrue();
        assertThat(body.get("model_versions").get("prerank").asLong()).isEqualTo(ServingFixture.PRERANK_VERSION);
        assertThat(body.get("model_versions").get("ranker").asLong()).isEqualTo(ServingFixture.RANKER_VERSION);
        assertThat(body.has("fallback")).isFalse();
        assertThat(body.get("latency_ms").asDouble()).isNotNegative();
        assertThat(body.get("candidates").get("excluded").asInt()).isEqualTo(3);

        JsonNode items = body.get("items");
        assertThat(items).hasSize(5);
        Set<Long> ids = new HashSet<>();
        for (JsonNode item : items) {
            ids.add(item.get("item").asLong());
            for (String field : List.of("prerank_score", "click_score", "purchase_score", "score")) {
                assertThat(item.get(field).isNumber()).as("%s of %s", field, item).isTrue();
            }
        }
        assertThat(ids).hasSize(5).doesNotContainAnyElementsOf(ServingFixture.engaged());
    }

    @Test
    void recommendDefaultsToTenItems() throws Exception {
        JsonNode body = MAPPER.readTree(get("/recommend?user=" + KNOWN_USER).body());

        assertThat(body.get("k").asInt()).isEqualTo(CascadeOptions.DEFAULT_K);
        assertThat(body.get("items")).hasSize(CascadeOptions.DEFAULT_K);
    }

    @Test
    void unknownUserNotPersonalized() throws Exception {
        HttpResponse<String> response = get("/recommend?user=987654&k=7");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("personalized").asBoolean()).isFalse();
        assertThat(body.get("items")).hasSize(7);
    }

    @Test
    void invalidRequestsNameTheParameter() throws Exception {
        List<Case> cases = List.of(
                new Case("/recommend", 400, "user", "'user' is missing"),
                new Case("/recommend?user=abc", 400, "user", "expected a non-negative integer user id"),
                new Case("/recommend?user=-4", 400, "user", "'user' is -4"),
                new Case("/recommend?user=1.5", 400, "user", "'user' is '1.5'"),
                new Case("/recommend?user=7&k=0", 400, "k", "expected an integer from 1 to 200"),
                new Case("/recommend?user=7&k=201", 400, "k", "'k' is 201"),
                new Case("/recommend?user=7&k=-1", 400, "k", "'k' is -1"),
                new Case("/recommend?user=7&k=ten", 400, "k", "'k' is 'ten'"),
                new Case("/recommend?user=7&user=8", 400, "user", "given 2 times"),
                new Case("/recommend?user=7&count=3", 400, "count", "unknown parameter 'count'; expected only user, k"),
                new Case("/features/users/abc", 400, "id", "'abc' is not a valid user id"),
                new Case("/features/items/-3", 400, "id", "'-3' is not a valid item id"),
                new Case("/features/users/", 400, "id", "has no id"),
                new Case("/features/users/424242", 404, "id", "user 424242 has no stored features"),
                new Case("/features/items/777", 404, "id", "item 777 has no stored features"),
                new Case("/features/users/7/items", 404, null, "no endpoint at '/features/users/7/items'"),
                new Case("/recommendations", 404, null, "expected one of /recommend, /features/users/{id}"),
                new Case("/", 404, null, "no endpoint at '/'"),
                new Case("/health?verbose=1", 400, "verbose", "expected no parameters"));

        for (Case expected : cases) {
            HttpResponse<String> response = get(expected.path());
            JsonNode body = MAPPER.readTree(response.body());

            assertThat(response.statusCode()).as(expected.path()).isEqualTo(expected.status());
            assertThat(body.get("status").asInt()).as(expected.path()).isEqualTo(expected.status());
            assertThat(body.get("error").asText()).as(expected.path()).contains(expected.message());
            if (expected.parameter() == null) {
                assertThat(body.has("parameter")).as(expected.path()).isFalse();
            } else {
                assertThat(body.get("parameter").asText()).as(expected.path()).isEqualTo(expected.parameter());
            }
        }
    }

    @Test
    void postIsNotAllowed() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/recommend?user=7"))
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertThat(MAPPER.readTree(response.body()).get("error").asText()).contains("method POST is not allowed");
    }

    @Test
    void userFeaturesReadBack() throws Exception {
        HttpResponse<String> response = get("/features/users/" + KNOWN_USER);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(response.body());
        UserFeatures expected = fixture.knownUser();
        assertThat(body.get("entity").asText()).isEqualTo("user");
        assertThat(body.get("id").asLong()).isEqualTo(KNOWN_USER);
        assertThat(body.get("as_of").asLong()).isEqualTo(expected.asOf());
        assertThat(body.get("age_ms").asLong()).isNotNegative();
        assertThat(body.get("engaged_items").asInt()).isEqualTo(3);
        assertThat(TestFeatures.CODEC.parseUser(body.get("value").toString())).isEqualTo(expected);
    }

    @Test
    void itemFeaturesReadBack() throws Exception {
        HttpResponse<String> response = get("/features/items/12");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(response.body());
        ItemFeatures expected = TestFeatures.item(12, TestFeatures.START, 12);
        assertThat(body.get("as_of").asLong()).isEqualTo(TestFeatures.START);
        assertThat(body.get("record_timestamp").asLong()).isPositive();
        assertThat(TestFeatures.CODEC.parseItem(body.get("value").toString())).isEqualTo(expected);
    }

    @Test
    void healthReportsVersionsAndCounts() throws Exception {
        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("model_versions").get("ranker").asLong()).isEqualTo(ServingFixture.RANKER_VERSION);
        assertThat(body.get("model_versions").get("prerank").asLong()).isEqualTo(ServingFixture.PRERANK_VERSION);
        assertThat(body.get("feature_count").asLong()).isEqualTo(ServingFixture.ITEM_COUNT + 1);
        assertThat(body.get("features").get("users").asLong()).isEqualTo(1);
        assertThat(body.get("features").get("items").asLong()).isEqualTo(ServingFixture.ITEM_COUNT);
    }

    @Test
    void metricsParseAsPrometheusText() throws Exception {
        get("/recommend?user=" + KNOWN_USER);
        get("/recommend?user=abc");
        get("/health");

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        Map<String, Double> samples = PrometheusParser.parse(response.body());
        assertThat(samples).containsEntry("streamrank_http_requests_total{endpoint=\"/recommend\",status=\"200\"}", 1.0);
        assertThat(samples).containsEntry("streamrank_http_requests_total{endpoint=\"/recommend\",status=\"400\"}", 1.0);
        assertThat(samples).containsEntry("streamrank_http_requests_total{endpoint=\"/health\",status=\"200\"}", 1.0);
        assertThat(samples).containsEntry(
                "streamrank_http_request_duration_seconds_count{endpoint=\"/recommend\"}", 2.0);
        assertThat(samples).containsEntry(
                "streamrank_http_request_duration_seconds_bucket{endpoint=\"/recommend\",le=\"+Inf\"}", 2.0);
        assertThat(samples).containsEntry("streamrank_model_version{model=\"ranker\"}", 2.0);
        assertThat(samples).containsEntry("streamrank_model_version{model=\"prerank\"}", 1.0);
        assertThat(samples).containsEntry("streamrank_snapshots_loaded_total{model=\"ranker\"}", 1.0);
        assertThat(samples).containsEntry("streamrank_snapshot_load_failures_total", 0.0);
        assertThat(samples).containsEntry("streamrank_feature_updates_applied_total{entity=\"item\"}", 50.0);
        assertThat(samples).containsEntry("streamrank_feature_updates_applied_total{entity=\"user\"}", 1.0);
        assertThat(samples).containsEntry("streamrank_features_stored{entity=\"item\"}", 50.0);
        assertThat(samples).containsEntry("streamrank_feature_freshness_seconds_count", 51.0);
        assertThat(samples).containsKey("streamrank_feature_freshness_seconds{quantile=\"0.99\"}");
        assertThat(samples).containsEntry("streamrank_recommendations_total{personalized=\"true\"}", 1.0);
    }

    @Test
    void histogramBucketsAreCumulative() throws Exception {
        for (int i = 0; i < 3; i++) {
            get("/health");
        }

        Map<String, Double> samples = PrometheusParser.parse(get("/metrics").body());

        List<Double> buckets = new ArrayList<>();
        samples.forEach((series, value) -> {
            if (series.startsWith("streamrank_http_request_duration_seconds_bucket{endpoint=\"/health\"")) {
                buckets.add(value);
            }
        });
        assertThat(buckets).hasSize(13).isSorted();
        assertThat(buckets.get(buckets.size() - 1)).isEqualTo(3.0);
    }

    @Test
    void noSnapshotAnswersWithFallback() throws Exception {
        try (ServingFixture bare = ServingFixture.withFeatures(directory.resolve("bare"), CascadeOptions.DEFAULTS)) {
            ServingHttpServer bareServer = bare.startHttp();

            HttpResponse<String> response = get(bareServer, "/recommend?user=" + KNOWN_USER + "&k=3");
            JsonNode health = MAPPER.readTree(get(bareServer, "/health").body());

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = MAPPER.readTree(response.body());
            assertThat(body.get("model_versions").isEmpty()).isTrue();
            assertThat(body.get("fallback").asText()).contains("no model snapshot is loaded");
            assertThat(body.get("personalized").asBoolean()).isFalse();
            assertThat(body.get("items")).hasSize(3);
            assertThat(body.get("items").get(0).get("click_score").isNull()).isTrue();
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(health.get("model_versions").isEmpty()).isTrue();
        }
    }

    @Test
    void handlerFailureReturns500() throws Exception {
        fixture.store.close();

        HttpResponse<String> features = get("/features/users/" + KNOWN_USER);
        HttpResponse<String> recommend = get("/recommend?user=" + KNOWN_USER);

        assertThat(features.statusCode()).isEqualTo(500);
        assertThat(MAPPER.readTree(features.body()).get("error").asText())
                .contains("internal error while handling /features/users/7")
                .contains("is closed");
        assertThat(recommend.statusCode()).isEqualTo(500);
        assertThat(fixture.metrics.requestCount(ServingApi.RECOMMEND, 500)).isEqualTo(1);
    }

    @Test
    void concurrentRequestsAllAnswered() throws Exception {
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri("/recommend?user=" + (i % 2 == 0 ? KNOWN_USER : i)))
                    .timeout(TIMEOUT)
                    .build();
            futures.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }

        for (java.util.concurrent.CompletableFuture<HttpResponse<String>> future : futures) {
            HttpResponse<String> response = future.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(MAPPER.readTree(response.body()).get("items")).hasSize(CascadeOptions.DEFAULT_K);
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return get(server, pathAndQuery);
    }

    private HttpResponse<String> get(ServingHttpServer target, String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(target, pathAndQuery)).timeout(TIMEOUT).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        return uri(server, pathAndQuery);
    }

    private static URI uri(ServingHttpServer target, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + target.port() + pathAndQuery);
    }

    private record Case(String path, int status, String parameter, String message) {}
}
