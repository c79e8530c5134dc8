package io.streamrank.jobs.bench;

import io.streamrank.jobs.JobOptions;
import io.streamrank.jobs.StreamrankJob;
import io.streamrank.jobs.runtime.LocalJobRunner;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the feature pipeline alone ({@link StreamrankJob#buildFeaturePipeline}) on a local
 * MiniCluster in this JVM, with the job's configuration plus the benchmark's
 * {@link PipelineTuning}, and every endpoint bound to 127.0.0.1. The job does not restart after
 * a failure, because a restart would replay records and spoil the figures.
 */
final class FeaturePipelineRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeaturePipelineRunner.class);
    private static final long CANCEL_TIMEOUT_SECONDS = 60;

    private final JobClient client;

    private FeaturePipelineRunner(JobClient client) {
        this.client = client;
    }

    /** Submits the pipeline and returns once the MiniCluster has accepted it. */
    static FeaturePipelineRunner start(JobOptions options, PipelineTuning tuning) throws Exception {
        Configuration configuration = LocalJobRunner.localConfiguration(options, options.parallelism());
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        tuning.applyTo(configuration);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(configuration);
        StreamrankJob.buildFeaturePipeline(env, options);
        JobClient client = env.executeAsync("streamrank-feature-bench");
        LOG.info("Started feature pipeline {} on a local MiniCluster (parallelism {}, {})",
                client.getJobID(), options.parallelism(), tuning);
        return new FeaturePipelineRunner(client);
    }

    JobClient client() {
        return client;
    }

    /**
     * Throws when the job has stopped, with its failure as the cause when it failed.
     *
     * @throws IllegalStateException when the job is no longer running
     */
    void requireRunning() throws Exception {
        JobStatus status = client.getJobStatus().get(CANCEL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!status.isGloballyTerminalState()) {
            return;
        }
        Throwable cause = null;
        try {
            client.getJobExecutionResult().get(CANCEL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            cause = e.getCause();
        }
        throw new IllegalStateException("feature pipeline " + client.getJobID() + " stopped with status " + status, cause);
    }

    @Override
    public void close() {
        try {
            client.cancel().get(CANCEL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("Cancelled feature pipeline {}", client.getJobID());
        } catch (Exception e) {
            LOG.warn("Cancelling feature pipeline {} failed", client.getJobID(), e);
        }
    }
}
