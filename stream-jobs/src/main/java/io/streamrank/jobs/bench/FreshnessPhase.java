package io.streamrank.jobs.bench;

import io.streamrank.jobs.JobOptions;
import io.streamrank.jobs.demo.ServingClient;
import io.streamrank.jobs.replay.EventProducer;
import io.streamrank.jobs.runtime.ServingProcess;
import io.streamrank.serving.features.OnlineFeatureStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The freshness phase of the feature benchmark.
 *
 * <p>It starts the serving process on the phase's own features topic, then writes events at the
 * configured rate with a {@link PacedSender}. After
 * the warm-up it reads serving's freshness summary at a fixed interval. Serving's quantiles cover
 * its latest {@link OnlineFeatureStore#FRESHNESS_WINDOW} updates, so the interval is the time
 * that many updates take at the configured rate (two updates per event, one user and one item),
 * kept between {@value #MIN_SCRAPE_MILLIS} and {@value #MAX_SCRAPE_MILLIS} ms: consecutive
 * readings then cover about consecutive updates. A reading counts once the window contains only
 * updates of this phase. The phase reports the median over the readings of the window's median
 * and 99th percentile, the highest 99th percentile, and the exact mean from serving's sum and
 * count.
 */
final class FreshnessPhase {

    private static final Logger LOG = LoggerFactory.getLogger(FreshnessPhase.class);
    private static final long MIN_SCRAPE_MILLIS = 200;
    private static final long MAX_SCRAPE_MILLIS = 2000;
    private static final long POLL_MILLIS = 500;
    private static final Duration SERVING_START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);
    private static final int UPDATES_PER_EVENT = 2;

    private final FeatureBenchOptions options;
    private final JobOptions jobOptions;
    private final ReplayPasses passes;
    private final FeaturePipelineRunner job;
    private final IngestTimeline timeline;
    private final PrintStream out;

    FreshnessPhase(
            FeatureBenchOptions options,
            JobOptions jobOptions,
            ReplayPasses passes,
            FeaturePipelineRunner job,
            IngestTimeline timeline,
            PrintStream out) {
        this.options = options;
        this.jobOptions = jobOptions;
        this.passes = passes;
        this.job = job;
        this.timeline = timeline;
        this.out = out;
    }

    /** Runs the phase on a pipeline that has processed no event yet. */
    FeatureBenchSummary.Freshness run() throws Exception {
        JobOptions.Topics topics = jobOptions.topics();
        List<String> servingArguments = List.of(
                "--bootstrap-servers", jobOptions.bootstrapServers(),
                "--snapshot-dir", jobOptions.snapshotDirectory().toAbsolutePath().toString(),
                "--state-dir", options.workDirectory().resolve("serving-state").toString(),
                "--features-topic", topics.features(),
                "--snapshots-topic", topics.snapshots());
        try (ServingProcess serving = ServingProcess.start(servingArguments, options.workDirectory(), SERVING_START_TIMEOUT);
                EventProducer producer = new EventProducer(jobOptions.bootstrapServers(), topics.events())) {
            ServingClient client = new ServingClient(serving.url());
            out.printf(Locale.ROOT, "Serving at %s (log %s)%n", serving.url(), serving.logFile());

            long count = Math.round(options.freshnessRate() * options.freshnessDuration().toMillis() / 1000.0);
            PacedSender sender = new PacedSender(producer, passes.iterator(options.passes(), count), options.freshnessRate());
            ServingScrape atStart = scrape(client);
            sender.start();
            try {
                return measure(client, serving, sender, atStart);
            } finally {
                sender.interrupt();
                sender.join(Duration.ofSeconds(30).toMillis());
            }
        }
    }

    private void awaitServing(ServingClient client, ServingProcess serving, long events) throws Exception {
        long expected = events * UPDATES_PER_EVENT;
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        long nextPrint = System.nanoTime();
        while (true) {
            requireAlive(serving);
            long read = scrape(client).featureRecordsRead();
            if (read >= expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "serving read %,d of %,d feature updates within %s; expected all of them (log %s)", read,
                        expected, CATCH_UP_TIMEOUT, serving.logFile()));
            }
            if (System.nanoTime() >= nextPrint) {
                out.printf(Locale.ROOT, "[freshness] serving read %,d of %,d feature updates%n", read, expected);
                nextPrint = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private FeatureBenchSummary.Freshness measure(
            ServingClient client, ServingProcess serving, PacedSender sender, ServingScrape atStart) throws Exception {
        long scrapeMillis = Math.max(MIN_SCRAPE_MILLIS, Math.min(MAX_SCRAPE_MILLIS,
                Math.round(1000.0 * OnlineFeatureStore.FRESHNESS_WINDOW / (UPDATES_PER_EVENT * options.freshnessRate()))));
        long startNanos = System.nanoTime();
        long warmupEndNanos = startNanos + options.freshnessWarmup().toNanos();
        List<ServingScrape> readings = new ArrayList<>();
        long nextPrint = startNanos;

        while (!sender.isDone()) {
            Thread.sleep(scrapeMillis);
            sender.requireHealthy();
            job.requireRunning();
            requireAlive(serving);
            ServingScrape reading = scrape(client);
            boolean windowOfThisPhase =
                    reading.freshnessCount() - atStart.freshnessCount() >= OnlineFeatureStore.FRESHNESS_WINDOW;
            if (System.nanoTime() >= warmupEndNanos && windowOfThisPhase) {
                readings.add(reading);
            }
            if (System.nanoTime() >= nextPrint) {
                printProgress(startNanos, sender, reading);
                nextPrint = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            }
        }
        sender.requireHealthy();

        long sent = sender.sent();
        awaitProcessed(sent);
        awaitServing(client, serving, sent);
        ServingScrape last = scrape(client);
        return summarize(sender, readings, last);
    }

    private FeatureBenchSummary.Freshness summarize(PacedSender sender, List<ServingScrape> readings, ServingScrape last) {
        if (readings.isEmpty()) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "no freshness reading after the warm-up of %s: the phase must write at least %,d events after it"
                            + " (%,.0f events/s for %s); expected a longer --freshness-duration or a higher --freshness-rate",
                    options.freshnessWarmup(), OnlineFeatureStore.FRESHNESS_WINDOW / UPDATES_PER_EVENT,
                    options.freshnessRate(), options.freshnessDuration()));
        }
        double[] p50 = readings.stream().mapToDouble(ServingScrape::freshnessP50Millis).toArray();
        double[] p99 = readings.stream().mapToDouble(ServingScrape::freshnessP99Millis).toArray();
        FeatureBenchSummary.Freshness freshness = new FeatureBenchSummary.Freshness(
                sender.sent(),
                sender.sendSeconds(),
                sender.sent() / sender.sendSeconds(),
                readings.size(),
                median(p50),
                median(p99),
                Arrays.stream(p99).max().orElse(Double.NaN),
                last.meanFreshnessSince(readings.get(0)));
        out.printf(Locale.ROOT, "Freshness over %d readings: p50 %.1f ms, p99 %.1f ms (highest %.1f ms), mean %.1f ms;"
                        + " %,d events at %,.0f events/s%n",
                freshness.windows(), freshness.p50Millis(), freshness.p99Millis(), freshness.p99MaxMillis(),
                freshness.meanMillis(), freshness.eventsSent(), freshness.achievedRate());
        LOG.info("Freshness phase done: {}", freshness);
        return freshness;
    }

    private void awaitProcessed(long events) throws Exception {
        awaitAtLeast(timeline::events, events, "events processed by the pipeline");
    }

    private void awaitAtLeast(LongSupplier value, long expected, String description) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (value.getAsLong() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(Locale.ROOT, "timed out after %s waiting for %s: %,d of %,d",
                        CATCH_UP_TIMEOUT, description, value.getAsLong(), expected));
            }
            job.requireRunning();
            Thread.sleep(POLL_MILLIS);
        }
    }

    private void printProgress(long startNanos, PacedSender sender, ServingScrape reading) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT,
                "[freshness %5.1fs] sent %,d (%,.0f/s)  processed %,d  serving freshness p50 %.1f ms, p99 %.1f ms%n",
                seconds, sender.sent(), sender.sent() / Math.max(seconds, 1e-3), timeline.events(),
                reading.freshnessP50Millis(), reading.freshnessP99Millis());
    }

    private ServingScrape scrape(ServingClient client) throws Exception {
        return ServingScrape.read(client, jobOptions.topics().features());
    }

    private static void requireAlive(ServingProcess serving) {
        if (!serving.isAlive()) {
            throw new IllegalStateException("the serving process stopped; see " + serving.logFile());
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
