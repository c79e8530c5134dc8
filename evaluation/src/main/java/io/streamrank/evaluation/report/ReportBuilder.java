package io.streamrank.evaluation.report;

import io.streamrank.evaluation.EvaluationOptions;
import io.streamrank.evaluation.Evaluator;
import io.streamrank.evaluation.examples.ExampleSet;
import io.streamrank.evaluation.examples.LabeledExample;
import io.streamrank.evaluation.protocol.DailyRetrainProtocol;
import io.streamrank.evaluation.protocol.Head;
import io.streamrank.evaluation.protocol.ModelConfig;
import io.streamrank.evaluation.protocol.ScoreTable;
import io.streamrank.evaluation.protocol.ScoringLatency;
import io.streamrank.features.event.EventType;
import io.streamrank.features.replay.ReplayStats;
import io.streamrank.metrics.EngagementRates;
import io.streamrank.metrics.LatencyHistogram;
import io.streamrank.metrics.ReliabilityCurve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.IntStream;

/**
 * Builds the report of an evaluation as a JSON tree; the HTML report is drawn from the same tree.
 * Undefined figures, such as AUC without a positive, are JSON null. Times are epoch milliseconds
 * with an ISO-8601 copy next to them.
 */
public final class ReportBuilder {

    public static final String RANGE_ALL = "all";
    public static final String RANGE_TEST = "test";
    public static final String RANGE_RETRAIN_DAYS = "retrain-days";
    public static final String ONLINE = "online";
    public static final String OFFLINE_SPLIT = "offline-split";
    public static final String DAILY_RETRAIN = "daily-retrain";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FigureCalculator figures;
    private final SeriesCalculator series;

    public ReportBuilder(FigureCalculator figures, SeriesCalculator series) {
        this.figures = figures;
        this.series = series;
    }

    /** Creates the calculators from the run's options. */
    public static ReportBuilder forOptions(EvaluationOptions options) {
        return new ReportBuilder(
                new FigureCalculator(options.cutoffs(), options.calibrationBins()),
                new SeriesCalculator(
                        options.retrainPeriod().toMillis(), options.window().toMillis(), options.windowBuckets()));
    }

    /**
     * Builds the report.
     *
     * @param command the command line that started the run, recorded for reproduction
     */
    public ObjectNode build(Evaluator.Result result, String command) {
        ExampleSet set = result.examples();
        int[] all = IntStream.range(0, set.size()).toArray();
        int[] test = set.indicesWithEventTimeIn(result.splitTime(), Long.MAX_VALUE);
        int[] retrainDays = retrainDayIndices(result);

        ObjectNode root = MAPPER.createObjectNode();
        root.put("title", "streamrank offline evaluation");
        root.put("generated_at", Instant.now().toString());
        root.put("command", command);
        root.set("dataset", dataset(result));
        root.set("settings", settings(result));
        root.set("batch_composition", batchComposition(result));

        ObjectNode ranges = root.putObject("ranges");
        ranges.set(RANGE_ALL, range(set, all, "every example"));
        ranges.set(RANGE_TEST, range(set, test, "examples at or after the split time, in event time"));
        ObjectNode daysRange = range(set, retrainDays, "the periods the daily retrain evaluated");
        ArrayNode periods = daysRange.putArray("periods");
        result.periods().forEach(period -> periods.add(period.toString()));
        ranges.set(RANGE_RETRAIN_DAYS, daysRange);

        ArrayNode configs = root.putArray("configs");
        ArrayNode results = root.putArray("results");
        ArrayNode comparison = root.putArray("comparison");
        ArrayNode daily = root.putArray("daily");
        ArrayNode seriesNode = root.putArray("series");
        ArrayNode latency = root.putArray("latency");
        ArrayNode timing = root.putArray("timing");
        for (Evaluator.ConfigOutcome outcome : result.outcomes()) {
            ModelConfig config = outcome.config();
            ObjectNode configNode = configs.addObject();
            configNode.put("name", config.name());
            ObjectNode settings = configNode.putObject("settings");
            config.settings().forEach(settings::put);
            configNode.put("daily_retrain_of", outcome.dailyRetrainOf());

            ScoreTable online = outcome.online().online();
            for (Head head : Head.values()) {
                Figures onlineDays = figures.compute(set, retrainDays, online, head);
                Figures dailyDays = figures.compute(set, retrainDays, outcome.daily().scores(), head);
                results.add(row(config, ONLINE, RANGE_ALL, head, figures.compute(set, all, online, head)));
                results.add(row(config, ONLINE, RANGE_TEST, head, figures.compute(set, test, online, head)));
                results.add(row(config, OFFLINE_SPLIT, RANGE_TEST, head,
                        figures.compute(set, test, outcome.online().offline(), head)));
                results.add(row(config, ONLINE, RANGE_RETRAIN_DAYS, head, onlineDays));
                results.add(row(config, DAILY_RETRAIN, RANGE_RETRAIN_DAYS, head, dailyDays));
                comparison.add(comparison(config, head, onlineDays, dailyDays));

                for (DailyRetrainProtocol.Day day : outcome.daily().days()) {
                    daily.add(day(config, head, set, day, online, outcome.daily().scores()));
                }
                ObjectNode seriesEntry = seriesNode.addObject();
                seriesEntry.put("config", config.name());
                seriesEntry.put("head", head.id());
                ArrayNode points = seriesEntry.putArray("points");
                series.series(set, online, head).forEach(point -> points.add(point(point)));
            }

            latency.add(latency(config, OFFLINE_SPLIT, "ranker", outcome.online().rankerLatency()));
            latency.add(latency(config, OFFLINE_SPLIT, "prerank", outcome.online().prerankLatency()));
            latency.add(latency(config, DAILY_RETRAIN, "ranker", outcome.daily().rankerLatency()));
            latency.add(latency(config, DAILY_RETRAIN, "prerank", outcome.daily().prerankLatency()));
            timing.add(timing(config, set, outcome));
        }
        return root;
    }

    /** Measures the mini-batches of the first configuration's size in the run's learning order. */
    private static ObjectNode batchComposition(Evaluator.Result result) {
        BatchComposition composition = BatchComposition.of(result.examples().examples(),
                result.outcomes().isEmpty() ? 1 : result.outcomes().get(0).config().batchSize(),
                result.options().shuffleSeed());
        ObjectNode node = MAPPER.createObjectNode();
        node.put("order", result.options().order().cliName());
        node.put("batch_size", composition.batchSize());
        node.put("batches", composition.batches());
        node.put("distinct_users", composition.distinctUsers());
        node.put("shuffled_distinct_users", composition.shuffledDistinctUsers());
        node.put("click_rate_spread", composition.clickRateSpread());
        node.put("shuffled_click_rate_spread", composition.shuffledClickRateSpread());
        node.put("purchase_rate_spread", composition.purchaseRateSpread());
        node.put("shuffled_purchase_rate_spread", composition.shuffledPurchaseRateSpread());
        return node;
    }

    /** Returns the parts of a report that a summary file needs: data, settings, ranges and comparisons. */
    public static ObjectNode summary(ObjectNode report) {
        ObjectNode summary = MAPPER.createObjectNode();
        for (String field : List.of("command", "dataset", "settings", "ranges", "batch_composition", "comparison")) {
            summary.set(field, report.get(field));
        }
        ArrayNode rows = summary.putArray("results");
        for (var row : report.get("results")) {
            ObjectNode compact = rows.addObject();
            compact.set("config", row.get("config"));
            compact.set("protocol", row.get("protocol"));
            compact.set("range", row.get("range"));
            compact.set("head", row.get("head"));
            for (String figure : List.of("count", "auc", "group_auc", "log_loss", "normalized_entropy", "ece", "mrr")) {
                compact.set(figure, row.get("figures").get(figure));
            }
        }
        return summary;
    }

    private static int[] retrainDayIndices(Evaluator.Result result) {
        if (result.outcomes().isEmpty()) {
            return new int[0];
        }
        return result.outcomes().get(0).daily().days().stream()
                .flatMapToInt(day -> Arrays.stream(day.indices()))
                .sorted()
                .toArray();
    }

    private static ObjectNode dataset(Evaluator.Result result) {
        EvaluationOptions options = result.options();
        ExampleSet set = result.examples();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", options.examples().dataset().cliName());
        node.put("data", options.examples().data().toAbsolutePath().toString());
        ReplayStats stats = set.replayStats();
        if (stats != null) {
            node.put("rows_read", stats.rowsRead());
            node.put("rows_skipped", stats.rowsSkipped());
            node.put("rows_replayed", stats.rowsReplayed());
            node.put("users", stats.users());
            node.put("items", stats.items());
            ObjectNode events = node.putObject("events");
            for (EventType type : EventType.values()) {
                events.put(type.name().toLowerCase(Locale.ROOT), stats.events(type));
            }
            node.put("sampled_impressions", stats.sampledImpressions());
        }
        node.put("examples", set.size());
        time(node, "first_event_time", set.firstEventTime());
        time(node, "last_event_time", set.lastEventTime());
        node.put("generation_seconds", result.generationNanos() / 1e9);
        return node;
    }

    private ObjectNode settings(Evaluator.Result result) {
        EvaluationOptions options = result.options();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("learning_order", options.order().cliName());
        node.put("test_fraction", options.testFraction());
        time(node, "split_time", result.splitTime());
        node.put("retrain_period_hours", options.retrainPeriod().toMillis() / 3_600_000.0);
        node.put("days_requested", options.days());
        node.put("days_evaluated", result.periods().size());
        node.put("epochs", options.epochs());
        node.put("shuffle_seed", options.shuffleSeed());
        ArrayNode cutoffs = node.putArray("cutoffs");
        options.cutoffs().forEach(cutoffs::add);
        node.put("calibration_bins", options.calibrationBins());
        node.put("window_hours", options.window().toHours());
        node.put("click_window_minutes", options.examples().clickWindow().toMinutes());
        node.put("purchase_window_minutes", options.examples().purchaseWindow().toMinutes());
        node.put("negatives_per_click", options.examples().replay().negativesPerClick());
        node.put("replay_seed", options.examples().replay().seed());
        OptionalLong limit = options.examples().replay().rowLimit();
        if (limit.isPresent()) {
            node.put("row_limit", limit.getAsLong());
        } else {
            node.putNull("row_limit");
        }
        return node;
    }

    private static ObjectNode range(ExampleSet set, int[] indices, String description) {
        long clicked = 0;
        long purchased = 0;
        long sampled = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int index : indices) {
            LabeledExample example = set.get(index);
            clicked += example.example().click() ? 1 : 0;
            purchased += example.example().purchase() ? 1 : 0;
            sampled += example.example().sampled() ? 1 : 0;
            first = Math.min(first, example.eventTime());
            last = Math.max(last, example.eventTime());
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("description", description);
        node.put("examples", indices.length);
        node.put("clicked", clicked);
        node.put("purchased", purchased);
        node.put("sampled_impressions", sampled);
        put(node, "click_rate", EngagementRates.clickThroughRate(clicked, indices.length));
        put(node, "conversion_rate", EngagementRates.conversionRate(purchased, clicked));
        if (indices.length > 0) {
            time(node, "first_event_time", first);
            time(node, "last_event_time", last);
        }
        return node;
    }

    private static ObjectNode row(ModelConfig config, String protocol, String range, Head head, Figures figures) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("config", config.name());
        node.put("protocol", protocol);
        node.put("range", range);
        node.put("head", head.id());
        node.set("figures", figures(figures));
        node.set("reliability", reliability(figures.reliability()));
        return node;
    }

    private static ObjectNode figures(Figures figures) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("count", figures.count());
        node.put("positives", figures.positives());
        put(node, "positive_rate", figures.positiveRate());
        put(node, "mean_prediction", figures.meanPrediction());
        put(node, "auc", figures.auc());
        put(node, "group_auc", figures.groupAuc());
        put(node, "log_loss", figures.logLoss());
        put(node, "normalized_entropy", figures.normalizedEntropy());
        put(node, "ece", figures.expectedCalibrationError());
        node.put("requests", figures.requests());
        put(node, "mrr", figures.meanReciprocalRank());
        node.set("ndcg", byCutoff(figures.ndcg()));
        node.set("recall", byCutoff(figures.recall()));
        node.set("hit_rate", byCutoff(figures.hitRate()));
        return node;
    }

    private static ObjectNode byCutoff(Map<Integer, OptionalDouble> values) {
        ObjectNode node = MAPPER.createObjectNode();
        values.forEach((k, value) -> put(node, Integer.toString(k), value));
        return node;
    }

    private static ArrayNode reliability(ReliabilityCurve curve) {
        ArrayNode bins = MAPPER.createArrayNode();
        for (ReliabilityCurve.Bin bin : curve.bins()) {
            ObjectNode node = bins.addObject();
            node.put("lower", bin.lowerBound());
            node.put("upper", bin.upperBound());
            node.put("count", bin.count());
            put(node, "mean_prediction", bin.meanPrediction());
            put(node, "observed_rate", bin.observedRate());
        }
        return bins;
    }

    private static ObjectNode comparison(ModelConfig config, Head head, Figures online, Figures daily) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("config", config.name());
        node.put("head", head.id());
        node.put("range", RANGE_RETRAIN_DAYS);
        node.put("examples", online.count());
        put(node, "online_auc", online.auc());
        put(node, "daily_auc", daily.auc());
        put(node, "auc_difference", difference(online.auc(), daily.auc()));
        put(node, "online_group_auc", online.groupAuc());
        put(node, "daily_group_auc", daily.groupAuc());
        put(node, "online_log_loss", online.logLoss());
        put(node, "daily_log_loss", daily.logLoss());
        put(node, "log_loss_difference", difference(online.logLoss(), daily.logLoss()));
        boolean defined = online.auc().isPresent() && daily.auc().isPresent()
                && online.logLoss().isPresent() && daily.logLoss().isPresent();
        if (defined) {
            node.put("online_at_least_as_good",
                    online.auc().getAsDouble() >= daily.auc().getAsDouble()
                            && online.logLoss().getAsDouble() <= daily.logLoss().getAsDouble());
        } else {
            node.putNull("online_at_least_as_good");
        }
        return node;
    }

    private ObjectNode day(
            ModelConfig config, Head head, ExampleSet set, DailyRetrainProtocol.Day day, ScoreTable online, ScoreTable daily) {
        Figures onlineFigures = figures.compute(set, day.indices(), online, head);
        Figures dailyFigures = figures.compute(set, day.indices(), daily, head);
        ObjectNode node = MAPPER.createObjectNode();
        node.put("config", config.name());
        node.put("head", head.id());
        time(node, "period_start", day.period().start());
        time(node, "period_end", day.period().end());
        node.put("trained_examples", day.trainedExamples());
        node.put("train_seconds", day.trainNanos() / 1e9);
        node.put("examples", day.indices().length);
        ObjectNode onlineNode = node.putObject(ONLINE);
        put(onlineNode, "auc", onlineFigures.auc());
        put(onlineNode, "log_loss", onlineFigures.logLoss());
        put(onlineNode, "mrr", onlineFigures.meanReciprocalRank());
        ObjectNode dailyNode = node.putObject(DAILY_RETRAIN);
        put(dailyNode, "auc", dailyFigures.auc());
        put(dailyNode, "log_loss", dailyFigures.logLoss());
        put(dailyNode, "mrr", dailyFigures.meanReciprocalRank());
        return node;
    }

    private static ObjectNode point(SeriesPoint point) {
        ObjectNode node = MAPPER.createObjectNode();
        time(node, "start", point.periodStart());
        node.put("end", point.periodEnd());
        node.put("count", point.count());
        put(node, "period_auc", point.periodAuc());
        put(node, "period_log_loss", point.periodLogLoss());
        put(node, "cumulative_auc", point.cumulativeAuc());
        put(node, "cumulative_log_loss", point.cumulativeLogLoss());
        put(node, "window_auc", point.windowAuc());
        put(node, "window_log_loss", point.windowLogLoss());
        return node;
    }

    private static ObjectNode latency(ModelConfig config, String protocol, String model, ScoringLatency latency) {
        LatencyHistogram histogram = latency.histogram();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("config", config.name());
        node.put("protocol", protocol);
        node.put("model", model);
        node.put("unit", "microseconds per request");
        node.put("requests", latency.requests());
        node.put("mean_items", latency.meanItems());
        put(node, "p50", histogram.p50());
        put(node, "p90", histogram.p90());
        put(node, "p99", histogram.p99());
        put(node, "max", histogram.max());
        put(node, "mean", histogram.mean());
        node.put("bins_per_octave", ScoringLatency.BINS_PER_OCTAVE);
        ArrayNode bins = node.putArray("bins");
        Arrays.stream(latency.plotBins()).forEach(bins::add);
        return node;
    }

    private static ObjectNode timing(ModelConfig config, ExampleSet set, Evaluator.ConfigOutcome outcome) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("config", config.name());
        double onlineSeconds = outcome.online().learnNanos() / 1e9;
        node.put("online_learn_seconds", onlineSeconds);
        node.put("online_examples_per_second", onlineSeconds > 0 ? set.size() / onlineSeconds : 0.0);
        node.put("offline_trained_examples", outcome.online().trainedBeforeSplit());
        node.put("daily_retrain_of", outcome.dailyRetrainOf());
        node.put("daily_train_seconds",
                outcome.daily().days().stream().mapToLong(DailyRetrainProtocol.Day::trainNanos).sum() / 1e9);
        node.put("daily_trained_examples",
                outcome.daily().days().stream().mapToLong(DailyRetrainProtocol.Day::trainedExamples).sum());
        return node;
    }

    private static OptionalDouble difference(OptionalDouble left, OptionalDouble right) {
        if (left.isEmpty() || right.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(left.getAsDouble() - right.getAsDouble());
    }

    private static void put(ObjectNode node, String field, OptionalDouble value) {
        if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
            node.put(field, value.getAsDouble());
        } else {
            node.putNull(field);
        }
    }

    private static void put(ObjectNode node, String field, OptionalLong value) {
        if (value.isPresent()) {
            node.put(field, value.getAsLong());
        } else {
            node.putNull(field);
        }
    }

    private static void time(ObjectNode node, String field, long epochMillis) {
        node.put(field, epochMillis);
        node.put(field + "_iso", Instant.ofEpochMilli(epochMillis).toString());
    }
}
