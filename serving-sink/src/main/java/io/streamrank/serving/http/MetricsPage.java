package io.streamrank.serving.http;

import io.streamrank.serving.features.OnlineFeatureStore;
import io.streamrank.serving.metrics.MetricsSource;
import io.streamrank.serving.metrics.PrometheusText;
import io.streamrank.serving.metrics.ServingMetrics;
import io.streamrank.serving.metrics.SlidingQuantiles;
import io.streamrank.serving.model.ModelSet;
import io.streamrank.serving.model.ServingModel;
import io.streamrank.serving.model.ServingPrerank;
import io.streamrank.serving.model.ServingRanker;
import io.streamrank.serving.model.SnapshotLoader;

import java.util.List;

/** Renders the {@code /metrics} page from the request metrics, the models, the feature store and further sources. */
final class MetricsPage {

    private static final double[] FRESHNESS_QUANTILES = {0.5, 0.9, 0.99};
    private static final List<String> MODEL_NAMES = List.of(ServingPrerank.NAME, ServingRanker.NAME);

    private final ServingMetrics metrics;
    private final SnapshotLoader loader;
    private final OnlineFeatureStore store;
    private final List<MetricsSource> sources;

    MetricsPage(ServingMetrics metrics, SnapshotLoader loader, OnlineFeatureStore store, List<MetricsSource> sources) {
        this.metrics = metrics;
        this.loader = loader;
        this.store = store;
        this.sources = List.copyOf(sources);
    }

    String render() {
        PrometheusText text = new PrometheusText();
        metrics.writeTo(text);
        writeModels(text);
        writeFeatures(text);
        for (MetricsSource source : sources) {
            source.writeTo(text);
        }
        return text.toString();
    }

    private void writeModels(PrometheusText text) {
        ModelSet models = loader.current();
        text.family("streamrank_model_version", "gauge", "Version of each model that serves requests.");
        models.versions().forEach((model, version) -> text.sample("streamrank_model_version", version, "model", model));

        text.family("streamrank_model_embedding_rows", "gauge", "Stored embedding rows of each serving model, by table.");
        for (String name : MODEL_NAMES) {
            ServingModel model = models.get(name);
            if (model != null) {
                model.contents().tables().forEach((table, rows) ->
                        text.sample("streamrank_model_embedding_rows", rows.size(), "model", name, "table", table));
            }
        }

        text.family("streamrank_snapshots_loaded_total", "counter", "Model versions loaded since start.");
        for (String name : MODEL_NAMES) {
            text.sample("streamrank_snapshots_loaded_total", loader.loadedCount(name), "model", name);
        }
        text.family("streamrank_snapshot_load_failures_total", "counter",
                "Snapshot announcements skipped because they or their snapshots were invalid or unreadable.");
        text.sample("streamrank_snapshot_load_failures_total", loader.failureCount());
    }

    private void writeFeatures(PrometheusText text) {
        OnlineFeatureStore.UpdateCounts counts = store.updateCounts();
        text.family("streamrank_feature_updates_applied_total", "counter", "Feature updates stored, by entity.");
        text.sample("streamrank_feature_updates_applied_total", counts.usersApplied(), "entity", "user");
        text.sample("streamrank_feature_updates_applied_total", counts.itemsApplied(), "entity", "item");
        text.family("streamrank_feature_updates_stale_total", "counter",
                "Feature updates dropped because the stored value had a later as-of time.");
        text.sample("streamrank_feature_updates_stale_total", counts.stale());
        text.family("streamrank_feature_updates_invalid_total", "counter",
                "Feature updates rejected because the key or the value was invalid.");
        text.sample("streamrank_feature_updates_invalid_total", counts.invalid());

        text.family("streamrank_features_stored", "gauge", "Users and items with stored features.");
        text.sample("streamrank_features_stored", store.userCount(), "entity", "user");
        text.sample("streamrank_features_stored", store.itemCount(), "entity", "item");

        text.family("streamrank_feature_latest_event_time_seconds", "gauge",
                "Latest as-of event time of any applied feature update, in seconds since the epoch; -1 before the first.");
        long latest = store.latestEventTime();
        text.sample("streamrank_feature_latest_event_time_seconds", latest < 0 ? -1 : latest / 1000.0);

        SlidingQuantiles.Snapshot freshness = store.freshnessMillis().snapshot(FRESHNESS_QUANTILES);
        text.family("streamrank_feature_freshness_seconds", "summary",
                "Time from a feature update's Kafka record timestamp to its application, in seconds; quantiles over the latest "
                        + OnlineFeatureStore.FRESHNESS_WINDOW + " updates.");
        for (int i = 0; i < FRESHNESS_QUANTILES.length; i++) {
            text.sample("streamrank_feature_freshness_seconds", freshness.values()[i] / 1000.0,
                    "quantile", Double.toString(FRESHNESS_QUANTILES[i]));
        }
        text.sample("streamrank_feature_freshness_seconds_sum", freshness.sum() / 1000.0);
        text.sample("streamrank_feature_freshness_seconds_count", freshness.count());
    }
}
