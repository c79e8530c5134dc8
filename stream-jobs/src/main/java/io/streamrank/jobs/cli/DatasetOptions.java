package io.streamrank.jobs.cli;

import io.streamrank.features.replay.Dataset;
import io.streamrank.features.replay.ReplayOptions;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options that pick a dataset and how to replay it, shared by the commands that replay. */
final class DatasetOptions {

    @Option(names = "--dataset", required = true,
            description = "Dataset format: movielens-100k (u.data, u.item) or taobao (UserBehavior.csv).")
    String dataset;

    @Option(names = "--data", required = true, description = "Directory that holds the dataset's files.")
    Path data;

    @Option(names = "--negatives-per-click", defaultValue = "4",
            description = "Sampled impressions emitted per click, because the datasets log no impressions (default: ${DEFAULT-VALUE}).")
    int negativesPerClick;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the impression sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--limit", description = "Replay only the first N rows in event-time order (default: all).")
    Long limit;

    Dataset dataset() {
        return Dataset.fromName(dataset);
    }

    /** Returns the replay settings; a value out of range fails with a message that names its option. */
    ReplayOptions replayOptions() {
        if (negativesPerClick < 0 || negativesPerClick > ReplayOptions.MAX_NEGATIVES_PER_CLICK) {
            throw new IllegalArgumentException("option '--negatives-per-click' is " + negativesPerClick
                    + "; expected 0 to " + ReplayOptions.MAX_NEGATIVES_PER_CLICK);
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("option '--limit' is " + limit + "; expected 1 or more rows");
        }
        ReplayOptions.Builder builder = ReplayOptions.builder().negativesPerClick(negativesPerClick).seed(seed);
        if (limit != null) {
            builder.rowLimit(limit);
        }
        return builder.build();
    }
}
