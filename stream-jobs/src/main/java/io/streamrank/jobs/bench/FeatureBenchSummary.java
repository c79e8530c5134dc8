package io.streamrank.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The figures of one feature benchmark run, written as JSON with {@code --summary-json}.
 *
 * @param options the run's settings
 * @param throughput the throughput phase's figures
 * @param freshness the freshness phase's figures, or null when the run skipped that phase
 * @param machine the machine the run used
 * @param loadBefore the system load averages before the run started
 * @param loadAfter the system load averages after the last phase
 */
public record FeatureBenchSummary(
        FeatureBenchOptions options,
        Throughput throughput,
        Freshness freshness,
        MachineInfo machine,
        String loadBefore,
        String loadAfter) {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Figures of the throughput phase, in which every event was in the events topic before the
     * job started.
     *
     * @param events valid events the phase wrote and the pipeline processed
     * @param warmupEvents events processed before the measurement started
     * @param measuredFrom where the measurement started: {@code "warm-up"}, the first report at or
     *     past the warm-up; {@code "first report"}, when the warm-up ended in the last report; or
     *     {@code "submission"}, when a single report covered every event
     * @param measuredEvents events processed from the start of the measurement to the last report
     * @param startEpochMillis wall-clock time of the measurement's start, epoch milliseconds, for
     *     lining the window up with an outside profiler
     * @param measuredMillis wall-clock time from the start to the last report
     * @param eventsPerSecond measuredEvents per second of measuredMillis
     * @param eventsPerSecondFromFirstReport the same rate from the first ingest report on, which
     *     includes the warm-up but not the job's start
     * @param millisFromSubmission wall-clock time from job submission to the last report, which
     *     includes the MiniCluster's start
     * @param cpuMicrosPerEvent CPU time of the benchmark's JVM (Kafka broker, MiniCluster and the
     *     benchmark's clients) per measured event, in microseconds, or NaN where the JVM does not
     *     report it
     * @param coresBusy that CPU time per second of measuredMillis: the cores the run kept busy
     */
    public record Throughput(
            long events,
            long warmupEvents,
            String measuredFrom,
            long measuredEvents,
            long startEpochMillis,
            long measuredMillis,
            double eventsPerSecond,
            double eventsPerSecondFromFirstReport,
            long millisFromSubmission,
            double cpuMicrosPerEvent,
            double coresBusy) {}

    /**
     * Figures of the freshness phase. Freshness is serving's figure: the time from a feature
     * update's Kafka record timestamp, which is the timestamp of the event that caused it, to the
     * update being applied to serving's store. Serving reports quantiles over a window of its
     * latest updates; the benchmark reads that window repeatedly while events flow.
     *
     * @param eventsSent events written in the phase
     * @param sendSeconds how long writing took
     * @param achievedRate eventsSent per second of sendSeconds
     * @param windows readings of serving's window taken after the warm-up
     * @param p50Millis median over the readings of the window's median
     * @param p99Millis median over the readings of the window's 99th percentile
     * @param p99MaxMillis highest 99th percentile of any reading
     * @param meanMillis mean freshness of every update applied between the first and the last reading
     */
    public record Freshness(
            long eventsSent,
            double sendSeconds,
            double achievedRate,
            int windows,
            double p50Millis,
            double p99Millis,
            double p99MaxMillis,
            double meanMillis) {}

    public ObjectNode toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("benchmark", "features");
        root.put("events", throughput.events());
        root.put("events_per_second", Math.round(throughput.eventsPerSecond()));
        if (freshness != null) {
            putRounded(root, "freshness_p50_ms", freshness.p50Millis());
            putRounded(root, "freshness_p99_ms", freshness.p99Millis());
        }
        writeSettings(root.putObject("settings"));

        ObjectNode phase = root.putObject("throughput");
        phase.put("events", throughput.events());
        phase.put("warmup_events", throughput.warmupEvents());
        phase.put("measured_from", throughput.measuredFrom());
        phase.put("measured_events", throughput.measuredEvents());
        phase.put("measured_start_epoch_ms", throughput.startEpochMillis());
        phase.put("measured_ms", throughput.measuredMillis());
        phase.put("events_per_second", Math.round(throughput.eventsPerSecond()));
        putRounded(phase, "events_per_second_from_first_report", throughput.eventsPerSecondFromFirstReport());
        phase.put("ms_from_submission", throughput.millisFromSubmission());
        putRounded(phase, "cpu_us_per_event", throughput.cpuMicrosPerEvent());
        putRounded(phase, "cores_busy", throughput.coresBusy());

        if (freshness != null) {
            ObjectNode fresh = root.putObject("freshness");
            fresh.put("events_sent", freshness.eventsSent());
            putRounded(fresh, "send_seconds", freshness.sendSeconds());
            fresh.put("achieved_events_per_second", Math.round(freshness.achievedRate()));
            fresh.put("windows", freshness.windows());
            putRounded(fresh, "p50_ms", freshness.p50Millis());
            putRounded(fresh, "p99_ms", freshness.p99Millis());
            putRounded(fresh, "p99_max_ms", freshness.p99MaxMillis());
            putRounded(fresh, "mean_ms", freshness.meanMillis());
        }

        ObjectNode host = root.putObject("machine");
        host.put("cpu", machine.cpuModel());
        host.put("cores", machine.cores());
        host.put("memory_bytes", machine.memoryBytes());
        host.put("java", machine.java());
        host.put("os", machine.os());
        host.put("load_average_before", loadBefore);
        host.put("load_average_after", loadAfter);
        return root;
    }

    public void writeTo(Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), toJson());
    }

    public String toPrettyJson() throws IOException {
        return MAPPER.writeValueAsString(toJson());
    }

    private void writeSettings(ObjectNode settings) {
        settings.put("dataset", options.dataset().cliName());
        settings.put("data", options.dataDirectory().toAbsolutePath().toString());
        if (options.replay().rowLimit().isPresent()) {
            settings.put("row_limit", options.replay().rowLimit().getAsLong());
        }
        settings.put("negatives_per_click", options.replay().negativesPerClick());
        settings.put("seed", options.replay().seed());
        settings.put("passes", options.passes());
        settings.put("parallelism", options.parallelism());
        settings.put("checkpoint_interval_ms", options.checkpointInterval().toMillis());
        settings.put("warmup_fraction", options.warmupFraction());
        settings.put("freshness_rate", options.freshnessRate());
        settings.put("freshness_seconds", options.freshnessDuration().toMillis() / 1000.0);
        settings.put("freshness_warmup_seconds", options.freshnessWarmup().toMillis() / 1000.0);
        PipelineTuning tuning = options.tuning();
        settings.put("buffer_timeout_ms", tuning.bufferTimeout().toMillis());
        settings.put("object_reuse", tuning.objectReuse());
        settings.put("generic_types", tuning.genericTypes());
        settings.put("rocksdb_options", tuning.rocksDbOptions().name());
    }

    /** Writes a timing rounded to one decimal, finer than any timing here resolves; NaN becomes null. */
    private static void putRounded(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, Math.round(value * 10) / 10.0);
        } else {
            node.putNull(field);
        }
    }
}
