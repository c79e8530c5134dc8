package io.streamrank.evaluation.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a report as {@code report.json} and {@code report.html}, and summaries as JSON files. */
public final class ReportFiles {

    public static final String JSON_FILE = "report.json";
    public static final String HTML_FILE = "report.html";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFiles() {}

    /** Writes both files into {@code directory}, creating it when missing. */
    public static void writeReport(JsonNode report, Path directory) throws IOException {
        Files.createDirectories(directory);
        MAPPER.writeValue(directory.resolve(JSON_FILE).toFile(), report);
        Files.writeString(directory.resolve(HTML_FILE), HtmlReport.render(report), StandardCharsets.UTF_8);
    }

    /** Writes {@code node} as indented JSON to {@code file}, creating its directory when missing. */
    public static void writeJson(JsonNode node, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        MAPPER.writeValue(file.toFile(), node);
    }
}
