package io.streamrank.evaluation.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the JSON report of {@link ReportBuilder} as one self-contained HTML page: tables, and
 * charts as inline SVG, with no script, style sheet or image outside the file.
 */
public final class HtmlReport {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final List<String> HEADS = List.of("ranker.click", "ranker.purchase", "prerank.click");
    /** Periods before the first with this many examples are left out of the charts over time. */
    private static final int MIN_PERIOD_EXAMPLES = 100;
    /** Reliability bins with fewer examples than this are too noisy to plot. */
    private static final int MIN_BIN_COUNT = 20;

    private HtmlReport() {}

    public static String render(JsonNode report) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(escape(text(report, "title"))).append(" - ")
                .append(escape(report.path("dataset").path("name").asText())).append("</title>\n")
                .append(STYLE)
                .append("</head>\n<body>\n");
        html.append("<h1>").append(escape(text(report, "title"))).append(": ")
                .append(escape(report.path("dataset").path("name").asText())).append("</h1>\n");
        html.append("<p>Generated ").append(escape(text(report, "generated_at"))).append(" by</p>\n<pre>")
                .append(escape(text(report, "command"))).append("</pre>\n");

        data(html, report);
        verdict(html, report);
        comparisonTable(html, report);
        overTime(html, report);
        reliability(html, report);
        latency(html, report);
        perPeriod(html, report);
        notes(html, report);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void data(StringBuilder html, JsonNode report) {
        JsonNode dataset = report.path("dataset");
        JsonNode settings = report.path("settings");
        html.append("<h2>Data and settings</h2>\n<table class=\"facts\">\n");
        fact(html, "data directory", dataset.path("data").asText());
        fact(html, "rows replayed", dataset.path("rows_replayed").asText("n/a"));
        fact(html, "users / items", dataset.path("users").asText("n/a") + " / " + dataset.path("items").asText("n/a"));
        fact(html, "events by type", dataset.path("events").toString());
        fact(html, "training examples", dataset.path("examples").asText());
        fact(html, "event time", dataset.path("first_event_time_iso").asText() + " to "
                + dataset.path("last_event_time_iso").asText());
        fact(html, "learning order", settings.path("learning_order").asText());
        fact(html, "train/test split", "test range from " + settings.path("split_time_iso").asText()
                + " (test fraction " + settings.path("test_fraction").asText() + ")");
        fact(html, "daily retrain", settings.path("days_evaluated").asText() + " periods of "
                + settings.path("retrain_period_hours").asText() + " h evaluated (requested "
                + settings.path("days_requested").asText() + ", 0 = all), " + settings.path("epochs").asText()
                + " epoch(s) per retrain");
        fact(html, "sliding window", settings.path("window_hours").asText() + " h");
        fact(html, "label windows", "click " + settings.path("click_window_minutes").asText() + " min, purchase "
                + settings.path("purchase_window_minutes").asText() + " min");
        html.append("</table>\n");

        html.append("<table>\n<tr><th>range</th><th>examples</th><th>clicked</th><th>purchased</th>"
                + "<th>click rate of examples</th><th>conversion rate</th><th>from</th><th>to</th></tr>\n");
        report.path("ranges").fields().forEachRemaining(range -> {
            JsonNode node = range.getValue();
            html.append("<tr><td>").append(escape(range.getKey())).append("</td>")
                    .append(cell(node.path("examples").asText()))
                    .append(cell(node.path("clicked").asText()))
                    .append(cell(node.path("purchased").asText()))
                    .append(number(node.path("click_rate")))
                    .append(number(node.path("conversion_rate")))
                    .append(cell(node.path("first_event_time_iso").asText("")))
                    .append(cell(node.path("last_event_time_iso").asText("")))
                    .append("</tr>\n");
        });
        html.append("</table>\n<p class=\"note\">The click rate counts the sampled impressions as exposures, so it"
                + " reflects the replay's negatives per click, not a served click-through rate. The conversion rate is"
                + " purchases per clicked example.</p>\n");
    }

    private static void verdict(StringBuilder html, JsonNode report) {
        html.append("<h2>Online learning against the daily batch retrain</h2>\n<p>Both on the examples of the periods"
                + " the daily retrain evaluated: the online model's progressive scores, and the scores of the model"
                + " retrained at the start of each period.</p>\n<table>\n<tr><th>config</th><th>head</th><th>examples</th>"
                + "<th>AUC online</th><th>AUC daily</th><th>difference</th><th>log loss online</th><th>log loss daily</th>"
                + "<th>difference</th><th>online at least as good</th></tr>\n");
        for (JsonNode row : report.path("comparison")) {
            JsonNode good = row.path("online_at_least_as_good");
            html.append("<tr><td>").append(escape(row.path("config").asText())).append("</td>")
                    .append(cell(row.path("head").asText()))
                    .append(cell(row.path("examples").asText()))
                    .append(number(row.path("online_auc")))
                    .append(number(row.path("daily_auc")))
                    .append(number(row.path("auc_difference")))
                    .append(number(row.path("online_log_loss")))
                    .append(number(row.path("daily_log_loss")))
                    .append(number(row.path("log_loss_difference")))
                    .append("<td class=\"").append(good.isNull() ? "" : good.asBoolean() ? "yes" : "no").append("\">")
                    .append(good.isNull() ? "undefined" : good.asBoolean() ? "yes" : "no").append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void comparisonTable(StringBuilder html, JsonNode report) {
        List<String> cutoffs = new ArrayList<>();
        report.path("settings").path("cutoffs").forEach(k -> cutoffs.add(k.asText()));
        html.append("<h2>Comparison table</h2>\n<p>Configurations &times; protocols &times; metrics. <b>online</b>:"
                + " progressive scores (score, then learn); <b>offline-split</b>: the model frozen at the split,"
                + " scoring the test range; <b>daily-retrain</b>: each period scored by a model trained on everything"
                + " before it.</p>\n<table class=\"wide\">\n<tr><th>config</th><th>protocol</th><th>range</th>"
                + "<th>head</th><th>examples</th><th>positive rate</th><th>mean prediction</th><th>AUC</th>"
                + "<th>group AUC</th><th>log loss</th><th>NE</th><th>ECE</th><th>requests</th><th>MRR</th>");
        for (String k : cutoffs) {
            html.append("<th>NDCG@").append(k).append("</th>");
        }
        for (String k : cutoffs) {
            html.append("<th>recall@").append(k).append("</th>");
        }
        for (String k : cutoffs) {
            html.append("<th>hit rate@").append(k).append("</th>");
        }
        html.append("</tr>\n");
        for (JsonNode row : report.path("results")) {
            JsonNode figures = row.path("figures");
            html.append("<tr class=\"").append(escape(row.path("protocol").asText())).append("\"><td>")
                    .append(escape(row.path("config").asText())).append("</td>")
                    .append(cell(row.path("protocol").asText()))
                    .append(cell(row.path("range").asText()))
                    .append(cell(row.path("head").asText()))
                    .append(cell(figures.path("count").asText()))
                    .append(number(figures.path("positive_rate")))
                    .append(number(figures.path("mean_prediction")))
                    .append(number(figures.path("auc")))
                    .append(number(figures.path("group_auc")))
                    .append(number(figures.path("log_loss")))
                    .append(number(figures.path("normalized_entropy")))
                    .append(number(figures.path("ece")))
                    .append(cell(figures.path("requests").asText()))
                    .append(number(figures.path("mrr")));
            for (String k : cutoffs) {
                html.append(number(figures.path("ndcg").path(k)));
            }
            for (String k : cutoffs) {
                html.append(number(figures.path("recall").path(k)));
            }
            for (String k : cutoffs) {
                html.append(number(figures.path("hit_rate").path(k)));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static void overTime(StringBuilder html, JsonNode report) {
        html.append("<h2>Metrics over time</h2>\n<p>One point per period of event time with examples, from the first"
                + " period with at least " + MIN_PERIOD_EXAMPLES + " examples. Solid lines: the online model's"
                + " progressive figure over the sliding window of ")
                .append(escape(report.path("settings").path("window_hours").asText()))
                .append(" h that ends with the period. Markers: the figure of each evaluated period alone, online"
                        + " (solid) and daily retrain (dashed).</p>\n");
        for (String head : HEADS) {
            html.append(overTimeChart(report, head, "auc", "AUC"));
            html.append(overTimeChart(report, head, "log_loss", "log loss"));
        }
    }

    private static String overTimeChart(JsonNode report, String head, String metric, String label) {
        List<JsonNode> entries = new ArrayList<>();
        report.path("series").forEach(entry -> {
            if (entry.path("head").asText().equals(head)) {
                entries.add(entry);
            }
        });
        List<Long> starts = new ArrayList<>();
        int first = 0;
        if (!entries.isEmpty()) {
            JsonNode points = entries.get(0).path("points");
            while (first < points.size() - 1 && points.get(first).path("count").asLong() < MIN_PERIOD_EXAMPLES) {
                first++;
            }
            for (int i = first; i < points.size(); i++) {
                starts.add(points.get(i).path("start").asLong());
            }
        }
        Map<Long, Integer> indexOfStart = new HashMap<>();
        double[] x = new double[starts.size()];
        for (int i = 0; i < starts.size(); i++) {
            indexOfStart.put(starts.get(i), i);
            x[i] = i;
        }

        SvgChart chart = new SvgChart(head + ": " + label + " over time", "period (UTC date)", label)
                .xTicks(position -> {
                    int index = (int) Math.round(position);
                    return index >= 0 && index < starts.size() ? DAY.format(Instant.ofEpochMilli(starts.get(index))) : "";
                });
        if (metric.equals("auc")) {
            chart.yTo(1.0);
        }
        List<String> configs = configNames(report);
        for (int c = 0; c < configs.size(); c++) {
            String config = configs.get(c);
            String color = SvgChart.PALETTE[c % SvgChart.PALETTE.length];
            double[] window = new double[x.length];
            Arrays.fill(window, Double.NaN);
            for (JsonNode entry : entries) {
                if (entry.path("config").asText().equals(config)) {
                    JsonNode points = entry.path("points");
                    for (int i = 0; i < window.length; i++) {
                        window[i] = value(points.get(first + i).path("window_" + metric));
                    }
                }
            }
            chart.add(new SvgChart.Line(config + " online, window", color, x, window, SvgChart.Stroke.SOLID, false));
            double[][] daily = dailyPoints(report, config, head, metric, indexOfStart);
            chart.add(new SvgChart.Line(
                    config + " online, period", color, daily[0], daily[1], SvgChart.Stroke.NONE, true));
            chart.add(new SvgChart.Line(
                    config + " daily retrain", color, daily[0], daily[2], SvgChart.Stroke.DASHED, true));
        }
        return chart.render();
    }

    /** Returns x positions, online values and daily-retrain values of the evaluated periods. */
    private static double[][] dailyPoints(
            JsonNode report, String config, String head, String metric, Map<Long, Integer> indexOfStart) {
        List<double[]> rows = new ArrayList<>();
        for (JsonNode day : report.path("daily")) {
            if (day.path("config").asText().equals(config) && day.path("head").asText().equals(head)) {
                Integer index = indexOfStart.get(day.path("period_start").asLong());
                if (index != null) {
                    rows.add(new double[] {
                        index, value(day.path("online").path(metric)), value(day.path("daily-retrain").path(metric))
                    });
                }
            }
        }
        double[][] columns = new double[3][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int column = 0; column < 3; column++) {
                columns[column][i] = rows.get(i)[column];
            }
        }
        return columns;
    }

    private static void reliability(StringBuilder html, JsonNode report) {
        html.append("<h2>Reliability diagrams</h2>\n<p>Per bin of predicted probability: the mean prediction"
                + " (x) against the observed rate of positives (y), for the test range and the retrain periods. The"
                + " dotted diagonal is perfect calibration. Bins with fewer than " + MIN_BIN_COUNT
                + " examples are left out of the plots; the JSON report has every bin.</p>\n");
        for (String head : HEADS) {
            SvgChart chart = new SvgChart(head + ": reliability", "mean predicted probability", "observed rate")
                    .range(0, 1, 0, 1)
                    .withDiagonal();
            int color = 0;
            for (JsonNode row : report.path("results")) {
                String protocol = row.path("protocol").asText();
                String range = row.path("range").asText();
                boolean drawn = row.path("head").asText().equals(head)
                        && (range.equals(ReportBuilder.RANGE_TEST) || protocol.equals(ReportBuilder.DAILY_RETRAIN));
                if (!drawn) {
                    continue;
                }
                List<double[]> points = new ArrayList<>();
                for (JsonNode bin : row.path("reliability")) {
                    if (bin.path("count").asLong() >= MIN_BIN_COUNT) {
                        points.add(new double[] {value(bin.path("mean_prediction")), value(bin.path("observed_rate"))});
                    }
                }
                double[] x = points.stream().mapToDouble(point -> point[0]).toArray();
                double[] y = points.stream().mapToDouble(point -> point[1]).toArray();
                String name = row.path("config").asText() + " " + protocol + ", " + range;
                SvgChart.Stroke stroke = protocol.equals(ReportBuilder.ONLINE) ? SvgChart.Stroke.SOLID : SvgChart.Stroke.DASHED;
                chart.add(new SvgChart.Line(name, SvgChart.PALETTE[color++ % SvgChart.PALETTE.length], x, y, stroke, true));
            }
            html.append(chart.render());
        }
    }

    private static void latency(StringBuilder html, JsonNode report) {
        html.append("<h2>Scoring latency</h2>\n<p>Time to score one request (a click with its sampled impressions)"
                + " with a frozen model in this process, measured around the model call, in microseconds."
                + " Training time is not included.</p>\n<table>\n<tr><th>config</th><th>protocol</th><th>model</th>"
                + "<th>requests</th><th>items per request</th><th>p50</th><th>p90</th><th>p99</th><th>max</th>"
                + "<th>mean</th></tr>\n");
        for (JsonNode row : report.path("latency")) {
            html.append("<tr><td>").append(escape(row.path("config").asText())).append("</td>")
                    .append(cell(row.path("protocol").asText()))
                    .append(cell(row.path("model").asText()))
                    .append(cell(row.path("requests").asText()))
                    .append(number(row.path("mean_items")))
                    .append(cell(row.path("p50").asText()))
                    .append(cell(row.path("p90").asText()))
                    .append(cell(row.path("p99").asText()))
                    .append(cell(row.path("max").asText()))
                    .append(number(row.path("mean")))
                    .append("</tr>\n");
        }
        html.append("</table>\n");

        for (String model : List.of("ranker", "prerank")) {
            SvgChart chart = new SvgChart(model + ": latency histogram", "microseconds per request (log scale)",
                    "share of requests")
                    .yFrom(0)
                    .xTicks(log2 -> SvgChart.format(Math.pow(2, log2)));
            int color = 0;
            for (JsonNode row : report.path("latency")) {
                if (!row.path("model").asText().equals(model) || row.path("requests").asLong() == 0) {
                    continue;
                }
                JsonNode bins = row.path("bins");
                int perOctave = row.path("bins_per_octave").asInt();
                int first = -1;
                int last = -1;
                for (int i = 0; i < bins.size(); i++) {
                    if (bins.get(i).asLong() > 0) {
                        first = first < 0 ? i : first;
                        last = i;
                    }
                }
                double total = row.path("requests").asDouble();
                int from = Math.max(0, first - 1);
                int to = Math.min(bins.size() - 1, last + 1);
                double[] x = new double[to - from + 1];
                double[] y = new double[x.length];
                for (int i = from; i <= to; i++) {
                    x[i - from] = (i + 0.5) / perOctave;
                    y[i - from] = bins.get(i).asLong() / total;
                }
                chart.add(new SvgChart.Line(row.path("config").asText() + " " + row.path("protocol").asText(),
                        SvgChart.PALETTE[color++ % SvgChart.PALETTE.length], x, y, SvgChart.Stroke.SOLID, false));
            }
            html.append(chart.render());
        }
    }

    private static void perPeriod(StringBuilder html, JsonNode report) {
        html.append("<h2>Per evaluated period</h2>\n<table>\n<tr><th>config</th><th>head</th><th>period start</th>"
                + "<th>history learned</th><th>train s</th><th>examples</th><th>AUC online</th><th>AUC daily</th>"
                + "<th>log loss online</th><th>log loss daily</th><th>MRR online</th><th>MRR daily</th></tr>\n");
        for (JsonNode day : report.path("daily")) {
            html.append("<tr><td>").append(escape(day.path("config").asText())).append("</td>")
                    .append(cell(day.path("head").asText()))
                    .append(cell(day.path("period_start_iso").asText()))
                    .append(cell(day.path("trained_examples").asText()))
                    .append(number(day.path("train_seconds")))
                    .append(cell(day.path("examples").asText()))
                    .append(number(day.path("online").path("auc")))
                    .append(number(day.path("daily-retrain").path("auc")))
                    .append(number(day.path("online").path("log_loss")))
                    .append(number(day.path("daily-retrain").path("log_loss")))
                    .append(number(day.path("online").path("mrr")))
                    .append(number(day.path("daily-retrain").path("mrr")))
                    .append("</tr>\n");
        }
        html.append("</table>\n<h3>Configurations</h3>\n<table>\n<tr><th>config</th><th>settings</th>"
                + "<th>online examples/s</th><th>daily retrain training s</th></tr>\n");
        Map<String, JsonNode> timing = new HashMap<>();
        report.path("timing").forEach(row -> timing.put(row.path("config").asText(), row));
        for (JsonNode config : report.path("configs")) {
            JsonNode times = timing.getOrDefault(config.path("name").asText(), report.path("missing"));
            html.append("<tr><td>").append(escape(config.path("name").asText())).append("</td>")
                    .append(cell(config.path("settings").toString()))
                    .append(number(times.path("online_examples_per_second")))
                    .append(number(times.path("daily_train_seconds")))
                    .append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static void notes(StringBuilder html, JsonNode report) {
        html.append("<h2>How to read this report</h2>\n<ul>\n")
                .append("<li>The negatives are impressions the replay sampled from popular items the user had not"
                        + " engaged with; they were never shown to anyone. AUC and the ranking figures on such negatives"
                        + " are optimistic compared with logged impressions.</li>\n")
                .append("<li>Progressive (online) figures are out-of-sample: each mini-batch is scored before the"
                        + " model learns it. The offline-split and daily-retrain models never learn the examples they"
                        + " score.</li>\n")
                .append("<li>With the learning order event-time, a learner sees an example's labels up to one click or"
                        + " purchase window before the job's trainers would; label-time follows the job.</li>\n")
                .append("<li>ECE depends on the number of bins (")
                .append(escape(report.path("settings").path("calibration_bins").asText()))
                .append(" here). Ties in ranking put the non-clicked example first.</li>\n")
                .append("</ul>\n");
    }

    private static List<String> configNames(JsonNode report) {
        List<String> names = new ArrayList<>();
        report.path("configs").forEach(config -> names.add(config.path("name").asText()));
        return names;
    }

    private static void fact(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    private static String cell(String value) {
        return "<td>" + escape(value) + "</td>";
    }

    private static String number(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "<td class=\"undefined\">n/a</td>";
        }
        return "<td class=\"number\">" + String.format(Locale.ROOT, "%.4f", value.asDouble()) + "</td>";
    }

    private static double value(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? Double.NaN : value.asDouble();
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }

    private static String escape(String text) {
        return SvgChart.escape(text);
    }

    private static final String STYLE = """
            <style>
            body { font-family: system-ui, sans-serif; margin: 24px; color: #222; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
            pre { background: #f4f4f4; padding: 8px; white-space: pre-wrap; }
            table { border-collapse: collapse; margin: 8px 0; font-size: 0.85em; }
            th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; }
            th { background: #f0f0f0; }
            td.number { text-align: right; font-variant-numeric: tabular-nums; }
            td.undefined { color: #999; }
            td.yes { background: #e3f6e3; } td.no { background: #fbe3e3; }
            tr.offline-split td { background: #f7f7ff; } tr.daily-retrain td { background: #fffaf0; }
            .chart { display: block; margin: 12px 0; }
            .chart-title { font-size: 13px; font-weight: bold; }
            .tick, .legend { font-size: 10px; } .axis { font-size: 11px; }
            .note { font-size: 0.85em; color: #555; }
            </style>
            """;
}
