package io.streamrank.evaluation.cli;

import io.streamrank.evaluation.EvaluationOptions;
import io.streamrank.evaluation.Evaluator;
import io.streamrank.evaluation.examples.ExampleGenerator;
import io.streamrank.evaluation.examples.LearningOrder;
import io.streamrank.evaluation.protocol.LearningListener;
import io.streamrank.evaluation.protocol.ModelConfig;
import io.streamrank.evaluation.report.ReportBuilder;
import io.streamrank.evaluation.report.ReportFiles;
import io.streamrank.features.replay.Dataset;
import io.streamrank.features.replay.ReplayOptions;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.serving.files.Directories;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The {@code streamrank evaluate} command: the offline evaluator. */
@Command(
        name = "streamrank evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Replays a dataset through the job's feature and label-join stages on a local MiniCluster, then measures"
                    + " the ranker (click, purchase) and the pre-ranker (click) of each configuration under three"
                    + " protocols: online progressive validation, a train/test split in time, and a daily batch"
                    + " retrain. Prints progress while it runs and a comparison at the end.",
            "Writes report.json and a self-contained report.html with --report."
        })
public final class EvaluateMain implements Callable<Integer> {

    @Option(names = "--dataset", required = true,
            description = "Dataset format: movielens-100k (u.data, u.item) or taobao (UserBehavior.csv).")
    private String dataset;

    @Option(names = "--data", required = true, description = "Directory that contains the dataset's files.")
    private Path data;

    @Option(names = "--report", description = "Directory for report.json and report.html (created when missing).")
    private Path reportDirectory;

    @Option(names = "--summary-json", description = "Write the headline figures and the comparisons to this JSON file.")
    private Path summaryJson;

    @Option(names = "--config", paramLabel = "NAME[:KEY=VALUE,...]",
            description = "A model configuration to evaluate; repeat for several. Keys not given keep the job's defaults."
                    + " Without this option: 'default' and 'no-distillation:prerank.distillation_weight=0'."
                    + " Keys: batch_size, embedding.dimension, embedding.learning_rate, embedding.min_sightings,"
                    + " embedding.expiry_hours (0 keeps rows forever) for both models, ranker.learning_rate,"
                    + " ranker.hidden (such as 64x32), ranker.seed, ranker.embedding.dimension,"
                    + " ranker.embedding.learning_rate, prerank.learning_rate, prerank.distillation_weight,"
                    + " prerank.tower_hidden, prerank.output_dimension, prerank.seed, prerank.embedding.dimension,"
                    + " prerank.embedding.learning_rate, and for online learning only experience_replay.capacity (recent examples"
                    + " kept), experience_replay.ratio (replayed examples per new one; 0 disables replay), experience_replay.seed,"
                    + " experience_replay.embeddings (false: replayed examples update the dense layers only).")
    private List<String> configs = new ArrayList<>();

    @Option(names = "--days", defaultValue = "7",
            description = "Daily retrain: evaluate the last N periods with examples; 0 evaluates all, which costs a full"
                    + " retrain per period (default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--retrain-period-hours", defaultValue = "24",
            description = "Daily retrain: length of a period in hours of event time, aligned to UTC midnight for 24"
                    + " (default: ${DEFAULT-VALUE}).")
    private long retrainPeriodHours;

    @Option(names = "--epochs", defaultValue = "1",
            description = "Daily retrain: passes over the history per retrain, in shuffled mini-batches (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--test-fraction", defaultValue = "0.2",
            description = "Train/test split: share of the examples, the latest in event time, in the test range"
                    + " (default: ${DEFAULT-VALUE}).")
    private double testFraction;

    @Option(names = "--order", defaultValue = "event-time",
            description = "Learning order: event-time (by exposure time) or label-time (when the label join emitted the"
                    + " example, as the job's trainers receive it) (default: ${DEFAULT-VALUE}).")
    private String order;

    @Option(names = "--k", split = ",", defaultValue = "1,3",
            description = "Cutoffs k of NDCG@k, recall@k and hit rate@k (default: ${DEFAULT-VALUE}).")
    private List<Integer> cutoffs;

    @Option(names = "--calibration-bins", defaultValue = "20",
            description = "Equal-width bins of the ECE and the reliability diagram (default: ${DEFAULT-VALUE}).")
    private int calibrationBins;

    @Option(names = "--window-hours", defaultValue = "72",
            description = "Sliding window of the progressive figures over time, in hours (default: ${DEFAULT-VALUE}).")
    private long windowHours;

    @Option(names = "--negatives-per-click", defaultValue = "4",
            description = "Sampled impressions per click, because the datasets log no impressions (default: ${DEFAULT-VALUE}).")
    private int negativesPerClick;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the impression sampling and of the retrain's shuffling (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--limit", description = "Replay only the first N rows in event-time order (default: all).")
    private Long limit;

    @Option(names = "--click-window-minutes", defaultValue = "10",
            description = "Label join: how long after an impression a click counts, in minutes (default: ${DEFAULT-VALUE}).")
    private long clickWindowMinutes;

    @Option(names = "--purchase-window-minutes", defaultValue = "60",
            description = "Label join: how long after a click a purchase counts, in minutes (default: ${DEFAULT-VALUE}).")
    private long purchaseWindowMinutes;

    @Option(names = "--work-dir",
            description = "Directory for the events file and the job's scratch files (default: a temporary directory,"
                    + " deleted at the end).")
    private Path workDirectory;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final List<String> arguments;

    EvaluateMain(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
    }

    @Override
    public Integer call() throws Exception {
        Path work = workDirectory != null ? workDirectory : Files.createTempDirectory("streamrank-evaluate-");
        ConsoleProgress progress = new ConsoleProgress(System.err, Duration.ofSeconds(5));
        try {
            EvaluationOptions options;
            try {
                options = options(work);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            System.err.println("Evaluating " + options.configs().size() + " configuration(s) on " + dataset + " from "
                    + data.toAbsolutePath() + "; work directory " + work);
            Evaluator.Result result = Evaluator.run(options, progress, LearningListener.NONE);

            progress.begin("figures");
            ObjectNode report = ReportBuilder.forOptions(options).build(result, commandLine());
            progress.finish("figures", report.path("results").size() + " result rows");
            if (reportDirectory != null) {
                ReportFiles.writeReport(report, reportDirectory);
                System.err.println("Report written to " + reportDirectory.resolve(ReportFiles.HTML_FILE).toAbsolutePath()
                        + " and " + ReportFiles.JSON_FILE);
            }
            if (summaryJson != null) {
                ReportFiles.writeJson(ReportBuilder.summary(report), summaryJson);
                System.err.println("Summary written to " + summaryJson.toAbsolutePath());
            }
            printComparison(report);
            return 0;
        } finally {
            if (workDirectory == null) {
                Directories.deleteRecursively(work);
            }
        }
    }

    private EvaluationOptions options(Path work) {
        List<ModelConfig> modelConfigs = new ArrayList<>();
        if (configs.isEmpty()) {
            modelConfigs.add(ModelConfig.defaults());
            modelConfigs.add(ModelConfig.parse("no-distillation:prerank.distillation_weight=0"));
        } else {
            configs.forEach(config -> modelConfigs.add(ModelConfig.parse(config)));
        }
        ReplayOptions.Builder replay = ReplayOptions.builder().negativesPerClick(negativesPerClick).seed(seed);
        if (limit != null) {
            replay.rowLimit(limit);
        }
        ExampleGenerator.Settings examples = new ExampleGenerator.Settings(
                Dataset.fromName(dataset),
                data,
                replay.build(),
                Duration.ofMinutes(clickWindowMinutes),
                Duration.ofMinutes(purchaseWindowMinutes),
                FeatureOptions.DEFAULTS);
        return new EvaluationOptions(
                examples,
                modelConfigs,
                LearningOrder.fromName(order),
                testFraction,
                Duration.ofHours(retrainPeriodHours),
                days,
                epochs,
                seed,
                cutoffs,
                calibrationBins,
                Duration.ofHours(windowHours),
                work);
    }

    /** Prints the headline comparison, online against the daily retrain and the split, to standard output. */
    private void printComparison(JsonNode report) {
        System.out.println();
        System.out.println("Examples: " + report.path("dataset").path("examples").asText() + "; test range from "
                + report.path("settings").path("split_time_iso").asText() + "; daily retrain evaluated "
                + report.path("settings").path("days_evaluated").asText() + " periods: "
                + report.path("ranges").path("retrain-days").path("periods").toString());
        System.out.println(String.format(Locale.ROOT, "%-20s %-16s %-14s %-14s %8s %8s %8s %8s",
                "config", "head", "protocol", "range", "AUC", "GAUC", "logloss", "MRR"));
        for (JsonNode row : report.path("results")) {
            JsonNode figures = row.path("figures");
            System.out.println(String.format(Locale.ROOT, "%-20s %-16s %-14s %-14s %8s %8s %8s %8s",
                    row.path("config").asText(), row.path("head").asText(), row.path("protocol").asText(),
                    row.path("range").asText(), format(figures.path("auc")), format(figures.path("group_auc")),
                    format(figures.path("log_loss")), format(figures.path("mrr"))));
        }
        System.out.println();
        for (JsonNode row : report.path("comparison")) {
            System.out.println(String.format(Locale.ROOT,
                    "%-20s %-16s online vs daily retrain: AUC %s vs %s, log loss %s vs %s; online at least as good: %s",
                    row.path("config").asText(), row.path("head").asText(), format(row.path("online_auc")),
                    format(row.path("daily_auc")), format(row.path("online_log_loss")),
                    format(row.path("daily_log_loss")), row.path("online_at_least_as_good").asText()));
        }
    }

    private static String format(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "n/a" : String.format(Locale.ROOT, "%.4f", value.asDouble());
    }

    private String commandLine() {
        StringBuilder command = new StringBuilder("./streamrank evaluate");
        for (String argument : arguments) {
            command.append(' ');
            command.append(argument.matches("[A-Za-z0-9_./:=,@+-]+") ? argument : "'" + argument.replace("'", "'\\''") + "'");
        }
        return command.toString();
    }

    public static void main(String[] args) {
        System.exit(commandLine(List.of(args)).execute(args));
    }

    /** Returns the command with the error handling that {@link #main} uses. */
    static CommandLine commandLine(List<String> arguments) {
        return new CommandLine(new EvaluateMain(arguments)).setExecutionExceptionHandler(EvaluateMain::reportFailure);
    }

    /**
     * Prints invalid input (a setting out of range, a missing file) as one line and exits with 2,
     * as for a usage error. An unreadable file is printed as one line with exit 1, and any other
     * failure with its stack trace.
     */
    private static int reportFailure(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        if (failure instanceof IllegalArgumentException || failure instanceof NoSuchFileException) {
            command.getErr().println("error: " + failure.getMessage());
            command.getErr().println("Run 'streamrank evaluate --help' for the options.");
            return CommandLine.ExitCode.USAGE;
        }
        if (failure instanceof IOException) {
            command.getErr().println("streamrank evaluate failed: " + failure.getMessage());
        } else {
            failure.printStackTrace(command.getErr());
        }
        return CommandLine.ExitCode.SOFTWARE;
    }
}
