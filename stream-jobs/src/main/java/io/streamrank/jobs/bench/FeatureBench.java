package io.streamrank.jobs.bench;

import io.streamrank.features.event.Event;
import io.streamrank.features.replay.DatasetReplay;
import io.streamrank.jobs.JobOptions;
import io.streamrank.jobs.replay.EventProducer;
import io.streamrank.jobs.runtime.EmbeddedKafkaBroker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Measures the feature pipeline ({@link io.streamrank.jobs.StreamrankJob#buildFeaturePipeline})
 * on a local MiniCluster against an embedded Kafka broker, in two phases.
 *
 * <ol>
 *   <li>Throughput: every event is written to the events topic first, then the job starts and
 *       reads them as fast as it can. The rate is taken from the job's ingest reports, from the
 *       first report past the warm-up share of the events to the report that counts the last
 *       event. The serving process is not running yet, so it takes no CPU from the job.
 *   <li>Freshness: a second run of the pipeline, on topics of its own, and the serving process
 *       start; events are written at a fixed rate while serving applies their updates, and
 *       serving's freshness quantiles are read repeatedly (see {@link FreshnessPhase}). The
 *       second run starts with empty state, so that serving does not have to read the first
 *       phase's updates before it can measure; the JIT compiler's work of the first phase
 *       carries over, because both runs share this JVM.
 * </ol>
 *
 * <p>Prints progress to the given stream while it runs.
 */
public final class FeatureBench {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureBench.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    /** Topics of the freshness phase's job, apart from the throughput phase's. */
    private static final JobOptions.Topics FRESHNESS_TOPICS = new JobOptions.Topics(
            "events-freshness", "events-dlq-freshness", "events-late-freshness", "features-freshness",
            "snapshots-freshness", "metrics-freshness");
    private static final Duration CPU_SAMPLE_INTERVAL = Duration.ofMillis(100);

    /** Time allowed for the throughput phase: a base plus this many milliseconds per event. */
    private static final Duration THROUGHPUT_BASE_TIMEOUT = Duration.ofSeconds(60);
    private static final double THROUGHPUT_TIMEOUT_MILLIS_PER_EVENT = 0.5;

    private final FeatureBenchOptions options;
    private final PrintStream out;

    public FeatureBench(FeatureBenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public FeatureBenchSummary run() throws Exception {
        String loadBefore = MachineInfo.loadAverage();
        Files.createDirectories(options.workDirectory());
        out.printf(Locale.ROOT, "streamrank bench features: %s from %s, parallelism %d (work directory %s, load %s)%n",
                options.dataset().cliName(), options.dataDirectory(), options.parallelism(), options.workDirectory(),
                loadBefore);

        DatasetReplay replay = DatasetReplay.open(options.dataset(), options.dataDirectory(), options.replay());
        List<Event> events = replay.stream().toList();
        ReplayPasses passes = new ReplayPasses(events);
        long total = (long) passes.size() * options.passes();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options.workDirectory().resolve("kafka"))) {
            JobOptions throughputJob = jobOptions(broker, JobOptions.Topics.DEFAULTS, "job");
            preload(broker.bootstrapServers(), throughputJob.topics().events(), passes, total);
            FeatureBenchSummary.Throughput throughput = runThroughputPhase(throughputJob, total);

            FeatureBenchSummary.Freshness freshness = null;
            if (options.measuresFreshness()) {
                JobOptions freshnessJob = jobOptions(broker, FRESHNESS_TOPICS, "job-freshness");
                freshness = runFreshnessPhase(freshnessJob, passes);
            }
            String loadAfter = MachineInfo.loadAverage();
            out.printf(Locale.ROOT, "Load average after the run: %s%n", loadAfter);
            return new FeatureBenchSummary(options, throughput, freshness, MachineInfo.current(), loadBefore, loadAfter);
        }
    }

    /** Creates the topics of one phase's job and returns the job's settings. */
    private JobOptions jobOptions(EmbeddedKafkaBroker broker, JobOptions.Topics topics, String directory) {
        JobOptions jobOptions = JobOptions.builder(broker.bootstrapServers(), options.workDirectory().resolve(directory))
                .topics(topics)
                .groupId("streamrank-bench-" + directory)
                .parallelism(options.parallelism())
                .checkpointInterval(options.checkpointInterval())
                .build();
        broker.createTopics(options.parallelism(), topics.events());
        broker.createTopics(1, topics.deadLetters(), topics.lateEvents(), topics.features(), topics.snapshots(),
                topics.metrics());
        return jobOptions;
    }

    private FeatureBenchSummary.Throughput runThroughputPhase(JobOptions jobOptions, long total) throws Exception {
        try (IngestTimeline timeline = new IngestTimeline(jobOptions.bootstrapServers(), jobOptions.topics().metrics())) {
            long submittedMillis = System.currentTimeMillis();
            try (FeaturePipelineRunner job = FeaturePipelineRunner.start(jobOptions, options.tuning())) {
                out.printf(Locale.ROOT, "Feature pipeline %s running (%s)%n", job.client().getJobID(), options.tuning());
                return measureThroughput(job, timeline, total, submittedMillis);
            }
        }
    }

    private FeatureBenchSummary.Freshness runFreshnessPhase(JobOptions jobOptions, ReplayPasses passes) throws Exception {
        try (IngestTimeline timeline = new IngestTimeline(jobOptions.bootstrapServers(), jobOptions.topics().metrics());
                FeaturePipelineRunner job = FeaturePipelineRunner.start(jobOptions, options.tuning())) {
            out.printf(Locale.ROOT, "Feature pipeline %s running on topic %s for the freshness phase%n",
                    job.client().getJobID(), jobOptions.topics().events());
            return new FreshnessPhase(options, jobOptions, passes, job, timeline, out).run();
        }
    }

    private void preload(String bootstrap, String topic, ReplayPasses passes, long total) throws Exception {
        long start = System.nanoTime();
        try (EventProducer producer = new EventProducer(bootstrap, topic)) {
            producer.send(passes.iterator(0, total), 0, sent -> {
                if (sent % 100_000 == 0) {
                    out.printf(Locale.ROOT, "Preloading: %,d of %,d events written%n", sent, total);
                }
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "Preloaded %,d events (%d pass%s of %,d) into topic %s in %.1f s%n",
                total, options.passes(), options.passes() == 1 ? "" : "es", passes.size(), topic, seconds);
    }

    private FeatureBenchSummary.Throughput measureThroughput(
            FeaturePipelineRunner job, IngestTimeline timeline, long total, long submittedMillis) throws Exception {
        Duration timeout = THROUGHPUT_BASE_TIMEOUT.plusMillis((long) (total * THROUGHPUT_TIMEOUT_MILLIS_PER_EVENT));
        long deadline = System.nanoTime() + timeout.toNanos();
        CpuTimeline cpu = new CpuTimeline();
        cpu.sample();
        long previous = 0;
        long nextPrint = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
        // One more sample after the last report, so that the CPU timeline covers the measured window.
        boolean done = false;
        while (!done) {
            done = timeline.events() >= total;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "the pipeline processed %,d of %,d events within %s; expected all of them", timeline.events(),
                        total, timeout));
            }
            job.requireRunning();
            Thread.sleep(CPU_SAMPLE_INTERVAL.toMillis());
            cpu.sample();
            if (System.nanoTime() >= nextPrint) {
                long processed = timeline.events();
                out.printf(Locale.ROOT, "[throughput %5.1fs] processed %,d of %,d events (%,.0f/s in the last second)%n",
                        (System.currentTimeMillis() - submittedMillis) / 1000.0, processed, total,
                        (processed - previous) * 1e9 / (System.nanoTime() - nextPrint + PROGRESS_INTERVAL.toNanos()));
                previous = processed;
                nextPrint = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
            }
        }

        FeatureBenchSummary.Throughput throughput = throughputOf(timeline, cpu, total, submittedMillis);
        out.printf(Locale.ROOT, "Throughput: %,.0f events/s over %,d events in %,d ms, measured from the %s"
                        + " (%,d warm-up events); %,.0f events/s from the first report;"
                        + " %.1f µs of CPU per event, %.2f cores busy%n",
                throughput.eventsPerSecond(), throughput.measuredEvents(), throughput.measuredMillis(),
                throughput.measuredFrom(), throughput.warmupEvents(), throughput.eventsPerSecondFromFirstReport(),
                throughput.cpuMicrosPerEvent(), throughput.coresBusy());
        LOG.info("Throughput phase done: {}", throughput);
        return throughput;
    }

    private FeatureBenchSummary.Throughput throughputOf(
            IngestTimeline timeline, CpuTimeline cpu, long total, long submittedMillis) {
        long warmupEvents = (long) Math.floor(total * options.warmupFraction());
        IngestTimeline.Point end = timeline.firstReaching(total).orElseThrow();
        IngestTimeline.Point first = timeline.first().orElseThrow();
        IngestTimeline.Point start = timeline.firstReaching(Math.max(1, warmupEvents)).orElseThrow();
        String measuredFrom = "warm-up";
        if (start.wallTimeMillis() >= end.wallTimeMillis()) {
            start = first;
            measuredFrom = "first report";
        }
        if (start.wallTimeMillis() >= end.wallTimeMillis()) {
            start = new IngestTimeline.Point(submittedMillis, 0);
            measuredFrom = "submission";
        }
        long measuredEvents = end.events() - start.events();
        long measuredMillis = Math.max(1, end.wallTimeMillis() - start.wallTimeMillis());
        long firstSpanMillis = Math.max(1, end.wallTimeMillis() - first.wallTimeMillis());
        double cpuMillis = cpu.cpuMillisBetween(start.wallTimeMillis(), end.wallTimeMillis());
        return new FeatureBenchSummary.Throughput(
                total,
                start.events(),
                measuredFrom,
                measuredEvents,
                start.wallTimeMillis(),
                measuredMillis,
                measuredEvents * 1000.0 / measuredMillis,
                first == end ? Double.NaN : (end.events() - first.events()) * 1000.0 / firstSpanMillis,
                end.wallTimeMillis() - submittedMillis,
                cpuMillis * 1000.0 / Math.max(1, measuredEvents),
                cpuMillis / measuredMillis);
    }
}
