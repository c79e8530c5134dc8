package io.streamrank.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.streamrank.features.state.FeatureCodec;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.serving.cascade.CandidateCounts;
import io.streamrank.serving.cascade.CascadeOptions;
import io.streamrank.serving.cascade.Recommendation;
import io.streamrank.serving.cascade.Recommender;
import io.streamrank.serving.cascade.ScoredItem;
import io.streamrank.serving.features.FeatureReading;
import io.streamrank.serving.features.OnlineFeatureStore;
import io.streamrank.serving.metrics.MetricsSource;
import io.streamrank.serving.metrics.PrometheusText;
import io.streamrank.serving.metrics.ServingMetrics;
import io.streamrank.serving.model.ModelSet;
import io.streamrank.serving.model.SnapshotLoader;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The endpoints of the serving API, independent of the HTTP transport: each request maps to an
 * {@link ApiResponse}, and invalid requests get a 4xx JSON message that names the parameter and
 * what was expected. Thread-safe.
 *
 * <ul>
 *   <li>{@code GET /recommend?user=ID&k=N}: the cascade's items for a user.
 *   <li>{@code GET /features/users/{id}} and {@code /features/items/{id}}: stored features.
 *   <li>{@code GET /health}: status, model versions and feature counts.
 *   <li>{@code GET /metrics}: Prometheus text.
 * </ul>
 */
public final class ServingApi {

    private static final FeatureCodec CODEC = new FeatureCodec();

    public static final String RECOMMEND = "/recommend";
    public static final String USER_FEATURES = "/features/users";
    public static final String ITEM_FEATURES = "/features/items";
    public static final String HEALTH = "/health";
    public static final String METRICS = "/metrics";

    /** Endpoint label of requests to a path that has no endpoint. */
    public static final String UNKNOWN = "unknown";

    private static final List<String> ENDPOINTS =
            List.of(RECOMMEND, USER_FEATURES + "/{id}", ITEM_FEATURES + "/{id}", HEALTH, METRICS);

    private final Recommender recommender;
    private final OnlineFeatureStore store;
    private final SnapshotLoader loader;
    private final ServingMetrics metrics;
    private final MetricsPage metricsPage;

    /**
     * Creates the API over the serving components.
     *
     * @param extraMetrics components whose metric families {@code /metrics} adds after the built-in ones
     */
    public ServingApi(
            Recommender recommender,
            OnlineFeatureStore store,
            SnapshotLoader loader,
            ServingMetrics metrics,
            List<MetricsSource> extraMetrics) {
        this.recommender = recommender;
        this.store = store;
        this.loader = loader;
        this.metrics = metrics;
        this.metricsPage = new MetricsPage(metrics, loader, store, extraMetrics);
    }

    public ServingMetrics metrics() {
        return metrics;
    }

    /**
     * Returns the endpoint a path belongs to, one of the constants of this class, for routing and
     * as the endpoint label of the request metrics.
     */
    public static String endpointOf(String path) {
        if (path == null) {
            return UNKNOWN;
        }
        switch (path) {
            case RECOMMEND:
            case HEALTH:
            case METRICS:
                return path;
            default:
                break;
        }
        if (isEntityPath(path, USER_FEATURES)) {
            return USER_FEATURES;
        }
        if (isEntityPath(path, ITEM_FEATURES)) {
            return ITEM_FEATURES;
        }
        return UNKNOWN;
    }

    /**
     * Handles one request. Rejected requests come back as 4xx responses; other failures are
     * thrown for the transport to turn into a 500.
     */
    public ApiResponse handle(String method, URI uri) {
        try {
            return route(method, uri);
        } catch (ApiException e) {
            return ApiResponse.error(e);
        }
    }

    private ApiResponse route(String method, URI uri) {
        String path = uri.getPath();
        String endpoint = endpointOf(path);
        if (endpoint.equals(UNKNOWN)) {
            throw new ApiException(404, null, "no endpoint at '" + QueryParameters.abbreviate(String.valueOf(path))
                    + "'; expected one of " + String.join(", ", ENDPOINTS));
        }
        if (!"GET".equals(method)) {
            throw new ApiException(405, null, "method " + method + " is not allowed on " + endpoint + "; expected GET");
        }

        QueryParameters query = QueryParameters.parse(uri.getRawQuery());
        switch (endpoint) {
            case RECOMMEND:
                return recommend(query);
            case USER_FEATURES:
                query.rejectUnknown(List.of());
                return userFeatures(idOf(path, USER_FEATURES, "user"));
            case ITEM_FEATURES:
                query.rejectUnknown(List.of());
                return itemFeatures(idOf(path, ITEM_FEATURES, "item"));
            case HEALTH:
                query.rejectUnknown(List.of());
                return health();
            default:
                query.rejectUnknown(List.of());
                return new ApiResponse(200, PrometheusText.CONTENT_TYPE, metricsPage.render(), Map.of());
        }
    }

    private ApiResponse recommend(QueryParameters query) {
        query.rejectUnknown(List.of("user", "k"));
        long user = query.requireNonNegativeLong("user", "user id");
        int k = query.optionalInt("k", CascadeOptions.DEFAULT_K, 1, CascadeOptions.MAX_K);

        Recommendation recommendation = recommender.recommend(user, k);
        metrics.recordRecommendation(recommendation.personalized(), recommendation.fallback() != null);
        return ApiResponse.json(200, recommendationJson(recommendation));
    }

    private ApiResponse userFeatures(long userId) {
        Optional<FeatureReading<UserFeatures>> reading = store.user(userId);
        if (reading.isEmpty()) {
            throw new ApiException(404, "id", "user " + userId + " has no stored features");
        }
        ObjectNode body = featureJson("user", userId, reading.get(), CODEC.toJson(reading.get().value()));
        body.put("engaged_items", store.engagedItems(userId).size());
        return ApiResponse.json(200, body);
    }

    private ApiResponse itemFeatures(long itemId) {
        Optional<FeatureReading<ItemFeatures>> reading = store.item(itemId);
        if (reading.isEmpty()) {
            throw new ApiException(404, "id", "item " + itemId + " has no stored features");
        }
        return ApiResponse.json(200, featureJson("item", itemId, reading.get(), CODEC.toJson(reading.get().value())));
    }

    private ApiResponse health() {
        ModelSet models = loader.current();
        ObjectNode body = ApiResponse.MAPPER.createObjectNode();
        body.put("status", models.isComplete() ? "ok" : "degraded");
        body.set("model_versions", versionsJson(models.versions()));
        body.put("feature_count", store.userCount() + store.itemCount());
        ObjectNode features = body.putObject("features");
        features.put("users", store.userCount());
        features.put("items", store.itemCount());
        body.put("latest_event_time", store.latestEventTime());
        body.put("snapshot_load_failures", loader.failureCount());
        return ApiResponse.json(200, body);
    }

    private static ObjectNode recommendationJson(Recommendation recommendation) {
        ObjectNode body = ApiResponse.MAPPER.createObjectNode();
        body.put("user", recommendation.userId());
        body.put("k", recommendation.k());
        body.put("personalized", recommendation.personalized());
        body.set("model_versions", versionsJson(recommendation.modelVersions()));
        if (recommendation.fallback() != null) {
            body.put("fallback", recommendation.fallback());
        }

        ArrayNode items = body.putArray("items");
        for (ScoredItem item : recommendation.items()) {
            ObjectNode node = items.addObject();
            node.put("item", item.itemId());
            node.put("prerank_score", item.prerankScore());
            node.put("click_score", item.clickScore());
            node.put("purchase_score", item.purchaseScore());
            node.put("score", item.score());
        }

        CandidateCounts counts = recommendation.candidates();
        ObjectNode candidates = body.putObject("candidates");
        candidates.put("popular", counts.popular());
        candidates.put("nearest", counts.nearest());
        candidates.put("union", counts.union());
        candidates.put("excluded", counts.excluded());
        candidates.put("preranked", counts.preranked());
        candidates.put("ranked", counts.ranked());
        body.put("latency_ms", recommendation.latencyMillis());
        return body;
    }

    private static ObjectNode featureJson(String entity, long id, FeatureReading<?> reading, String valueJson) {
        ObjectNode body = ApiResponse.MAPPER.createObjectNode();
        body.put("entity", entity);
        body.put("id", id);
        body.put("as_of", reading.asOf());
        body.put("record_timestamp", reading.recordTimestamp());
        body.put("age_ms", reading.ageMillis());
        try {
            body.set("value", ApiResponse.MAPPER.readTree(valueJson));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("the JSON of " + entity + " " + id + "'s features does not parse", e);
        }
        return body;
    }

    private static ObjectNode versionsJson(Map<String, Long> versions) {
        ObjectNode node = ApiResponse.MAPPER.createObjectNode();
        versions.forEach(node::put);
        return node;
    }

    private static boolean isEntityPath(String path, String prefix) {
        return path.startsWith(prefix + "/") && path.indexOf('/', prefix.length() + 1) < 0;
    }

    private static long idOf(String path, String prefix, String entity) {
        String segment = path.substring(prefix.length() + 1);
        if (segment.isEmpty()) {
            throw new ApiException(400, "id", "path " + prefix + "/{id} has no id; expected a non-negative integer "
                    + entity + " id");
        }
        try {
            long id = Long.parseLong(segment);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the negative case.
        }
        throw new ApiException(400, "id", "path segment '" + QueryParameters.abbreviate(segment)
                + "' is not a valid " + entity + " id; expected a non-negative integer");
    }
}
