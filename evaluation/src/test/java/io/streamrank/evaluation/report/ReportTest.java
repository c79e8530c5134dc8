package io.streamrank.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.evaluation.Evaluator;
import io.streamrank.evaluation.TestExamples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

class ReportTest {

    /** Configurations × protocol rows × heads of the test options. */
    private static final int RESULT_ROWS = 2 * 5 * 3;

    @TempDir
    static Path directory;

    private static JsonNode json;
    private static String html;

    @BeforeAll
    static void writeReport() throws Exception {
        Evaluator.Result result = TestExamples.evaluation().result();
        ObjectNode report = ReportBuilder.forOptions(result.options()).build(result, "./streamrank evaluate --test");
        ReportFiles.writeReport(report, directory);
        json = new ObjectMapper().readTree(directory.resolve(ReportFiles.JSON_FILE).toFile());
        html = Files.readString(directory.resolve(ReportFiles.HTML_FILE), StandardCharsets.UTF_8);
    }

    @Test
    void jsonHasEveryResultRow() {
        assertThat(json.path("results")).hasSize(RESULT_ROWS);
        assertThat(json.path("comparison")).hasSize(2 * 3);
        assertThat(json.path("dataset").path("examples").asInt()).isGreaterThan(TestExamples.ROWS);
        assertThat(json.path("settings").path("days_evaluated").asInt()).isEqualTo(2);
    }

    @Test
    void clickFiguresAreFinite() {
        for (JsonNode row : json.path("results")) {
            if (!row.path("head").asText().endsWith(".click")) {
                continue;
            }
            JsonNode figures = row.path("figures");
            String where = row.path("config").asText() + " " + row.path("protocol").asText() + " "
                    + row.path("range").asText() + " " + row.path("head").asText();
            for (String figure : List.of("auc", "group_auc", "log_loss", "normalized_entropy", "ece", "mrr")) {
                assertThat(figures.path(figure).isNumber()).as("%s %s is a number", where, figure).isTrue();
                assertThat(Double.isFinite(figures.path(figure).asDouble())).as("%s %s", where, figure).isTrue();
            }
            assertThat(figures.path("auc").asDouble()).as(where).isBetween(0.0, 1.0);
            assertThat(figures.path("ndcg").path("3").asDouble()).as(where).isBetween(0.0, 1.0);
            assertThat(figures.path("hit_rate").path("1").asDouble()).as(where).isBetween(0.0, 1.0);
        }
    }

    @Test
    void reliabilityHasEveryBin() {
        JsonNode first = json.path("results").get(0);

        assertThat(first.path("reliability")).hasSize(10);
        long binned = 0;
        for (JsonNode bin : first.path("reliability")) {
            binned += bin.path("count").asLong();
        }
        assertThat(binned).isEqualTo(first.path("figures").path("count").asLong());
    }

    @Test
    void latencyHasPercentiles() {
        for (JsonNode row : json.path("latency")) {
            assertThat(row.path("requests").asLong()).isPositive();
            assertThat(row.path("p50").asLong()).isPositive();
            assertThat(row.path("p99").asLong()).isGreaterThanOrEqualTo(row.path("p50").asLong());
        }
    }

    @Test
    void seriesCoverEveryDay() {
        JsonNode first = json.path("series").get(0);

        assertThat(json.path("series")).hasSize(2 * 3);
        assertThat(first.path("points")).hasSize(5);
    }

    @Test
    void htmlHasPlotsAndTable() {
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).contains("ranker.click: AUC over time");
        assertThat(html).contains("prerank.click: log loss over time");
        assertThat(html).contains("ranker.purchase: reliability");
        assertThat(html).contains("ranker: latency histogram");
        assertThat(html).contains("<h2>Comparison table</h2>");
        assertThat(html).contains("<th>NDCG@3</th>");
        assertThat(count(html, "<svg ")).isEqualTo(6 + 3 + 2);
        assertThat(count(html, "<tr class=\"offline-split\">")).isEqualTo(2 * 3);
    }

    @Test
    void htmlIsSelfContained() {
        List<String> references = new ArrayList<>();
        Matcher matcher = Pattern.compile("(src|href)\\s*=|<link|<script|@import|url\\(").matcher(html);
        while (matcher.find()) {
            references.add(matcher.group());
        }

        assertThat(references).isEmpty();
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
