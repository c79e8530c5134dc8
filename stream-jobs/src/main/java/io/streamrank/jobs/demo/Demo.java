package io.streamrank.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;

import io.streamrank.features.event.Event;
import io.streamrank.features.replay.DatasetReplay;
import io.streamrank.jobs.JobOptions;
import io.streamrank.jobs.replay.EventProducer;
import io.streamrank.jobs.runtime.EmbeddedKafkaBroker;
import io.streamrank.jobs.runtime.LocalJobRunner;
import io.streamrank.jobs.runtime.ServingProcess;
import io.streamrank.serving.sink.SnapshotAnnouncement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole loop in one process tree: a Kafka broker (KRaft) and the Flink job on a MiniCluster
 * in this JVM, the serving process as a child JVM, and the dataset replay. Prints progress while
 * it runs and returns a {@link DemoSummary}.
 */
public final class Demo {

    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    private static final String SNAPSHOTS_LOADED_METRIC = "streamrank_snapshots_loaded_total";

    private final DemoOptions options;
    private final PrintStream out;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    /** The previous progress line's time and counts, for the rates of the next one. */
    private long lastProgressNanos;
    private long lastProduced;
    private long lastConsumed;

    /** A hook a test can use to act while everything runs, before the demo shuts down. */
    public interface WhileRunning {
        void accept(Running running) throws Exception;
    }

    /** What a {@link WhileRunning} hook can reach. */
    public record Running(String bootstrapServers, String servingUrl, ProgressMonitor monitor, Path workDirectory) {}

    public Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Asks a running demo to stop at its next progress check, as Ctrl-C does. */
    public void requestStop() {
        stopRequested.set(true);
    }

    public DemoSummary run() throws Exception {
        return run(null);
    }

    public DemoSummary run(WhileRunning hook) throws Exception {
        Path work = options.workDirectory();
        Files.createDirectories(work);
        out.printf(Locale.ROOT, "streamrank demo: %s from %s (work directory %s)%n",
                options.dataset().cliName(), options.dataDirectory(), work);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"))) {
            String bootstrap = broker.bootstrapServers();
            JobOptions jobOptions = JobOptions.builder(bootstrap, work.resolve("job"))
                    .parallelism(options.parallelism())
                    .checkpointInterval(options.checkpointInterval())
                    .snapshotInterval(options.snapshotInterval())
                    .validation(options.validation())
                    .build();
            JobOptions.Topics topics = jobOptions.topics();
            broker.createTopics(options.parallelism(), topics.events());
            broker.createTopics(1, topics.deadLetters(), topics.lateEvents(), topics.features(), topics.snapshots(),
                    topics.metrics());
            out.printf(Locale.ROOT, "Kafka broker (KRaft) on %s%n", bootstrap);

            try (LocalJobRunner job = LocalJobRunner.start(jobOptions, null);
                    ServingProcess serving = ServingProcess.start(
                            List.of("--bootstrap-servers", bootstrap,
                                    "--snapshot-dir", jobOptions.snapshotDirectory().toAbsolutePath().toString(),
                                    "--state-dir", work.resolve("serving-state").toString(),
                                    "--features-topic", topics.features(),
                                    "--snapshots-topic", topics.snapshots()),
                            work,
                            Duration.ofSeconds(120));
                    ProgressMonitor monitor = new ProgressMonitor(bootstrap, topics);
                    EventProducer producer = new EventProducer(bootstrap, topics.events())) {
                out.printf(Locale.ROOT, "Flink job %s running; serving at %s (log %s)%n",
                        job.client().getJobID(), serving.url(), serving.logFile());
                ServingClient client = new ServingClient(serving.url());

                ReplayThread replay = new ReplayThread(producer);
                replay.start();
                long startNanos = System.nanoTime();
                long lastExamples = -1;
                long lastSnapshotsLoaded = 0;
                int steadyChecks = 0;
                while (true) {
                    Thread.sleep(PROGRESS_INTERVAL.toMillis());
                    Throwable replayFailure = replay.failure.get();
                    if (replayFailure != null) {
                        throw new IllegalStateException("replay failed", replayFailure);
                    }
                    long snapshotsLoaded = (long) safeMetric(client, SNAPSHOTS_LOADED_METRIC);
                    lastSnapshotsLoaded = Math.max(lastSnapshotsLoaded, snapshotsLoaded);
                    printProgress(startNanos, replay, monitor, snapshotsLoaded);

                    long examples = monitor.examplesTrained("prerank");
                    steadyChecks = examples == lastExamples ? steadyChecks + 1 : 0;
                    lastExamples = examples;
                    boolean caughtUp = replay.done.get()
                            && monitor.eventsConsumed() >= replay.validEvents.get()
                            && monitor.deadLetters() >= options.invalidRecords()
                            && steadyChecks >= 2
                            && snapshotsLoaded >= options.minSnapshotsLoaded();
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
                    if (stopRequested.get()
                            || (options.duration() != null && elapsed.compareTo(options.duration()) >= 0)
                            || (options.stopWhenCaughtUp() && caughtUp)) {
                        break;
                    }
                }

                if (hook != null) {
                    hook.accept(new Running(bootstrap, serving.url(), monitor, work));
                }
                Map<String, Double> latency;
                try {
                    latency = probeLatency(client, replay.userIds());
                } catch (IOException e) {
                    if (!stopRequested.get()) {
                        throw e;
                    }
                    // Ctrl-C in a terminal interrupts the whole process group, serving included.
                    out.printf(Locale.ROOT, "Skipped the latency probe: serving at %s no longer answers (%s)%n",
                            serving.url(), e.toString());
                    latency = Map.of();
                }
                // The counter only grows, so the last reading replaces it when serving has already stopped.
                long snapshotsLoaded = Math.max(lastSnapshotsLoaded, (long) safeMetric(client, SNAPSHOTS_LOADED_METRIC));
                long spanMillis = monitor.ingestSpanMillis();
                DemoSummary summary = new DemoSummary(
                        replay.sent.get(),
                        options.invalidRecords(),
                        monitor.eventsConsumed(),
                        monitor.deadLetters(),
                        spanMillis > 0 ? monitor.eventsConsumed() * 1000.0 / spanMillis : 0.0,
                        monitor.modelRecords(),
                        monitor.announcements().size(),
                        snapshotsLoaded,
                        serving.url(),
                        latency);
                replay.interrupt();
                return summary;
            }
        }
    }

    /**
     * Prints one progress line. The rates are over the interval since the previous line, so they
     * fall to zero once the replay is done and the job has caught up.
     */
    private void printProgress(long startNanos, ReplayThread replay, ProgressMonitor monitor, long snapshotsLoaded) {
        long now = System.nanoTime();
        double seconds = (now - startNanos) / 1e9;
        double interval = Math.max((now - (lastProgressNanos == 0 ? startNanos : lastProgressNanos)) / 1e9, 1e-3);
        long produced = replay.sent.get();
        long consumed = monitor.eventsConsumed();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "[%5.0fs] produced %,d (%,.0f/s)  consumed %,d (%,.0f/s)  dead letters %,d",
                seconds, produced, (produced - lastProduced) / interval,
                consumed, (consumed - lastConsumed) / interval, monitor.deadLetters()));
        lastProgressNanos = now;
        lastProduced = produced;
        lastConsumed = consumed;
        for (Map.Entry<String, JsonNode> model : new java.util.TreeMap<>(monitor.modelRecords()).entrySet()) {
            line.append(String.format(Locale.ROOT, " | %s %,d examples", model.getKey(),
                    model.getValue().path("examples").asLong()));
            model.getValue().path("outputs").fields().forEachRemaining(output -> {
                JsonNode auc = output.getValue().get("auc");
                if (auc != null) {
                    line.append(String.format(Locale.ROOT, " AUC(%s) %.3f", output.getKey(), auc.asDouble()));
                }
            });
        }
        Map<String, Long> versions = new LinkedHashMap<>();
        for (SnapshotAnnouncement announcement : monitor.announcements()) {
            versions.merge(announcement.model(), announcement.version(), Math::max);
        }
        line.append(" | snapshots ").append(versions.isEmpty() ? "none yet" : versions.toString())
                .append(", serving loaded ").append(snapshotsLoaded);
        out.println(line);
    }

    private static double safeMetric(ServingClient client, String name) {
        try {
            return client.metric(name);
        } catch (Exception e) {
            LOG.debug("Cannot read {} from serving", name, e);
            return 0;
        }
    }

    private Map<String, Double> probeLatency(ServingClient client, long[] userIds) throws Exception {
        Map<String, Double> percentiles = new LinkedHashMap<>();
        if (options.latencyProbeRequests() == 0 || userIds.length == 0) {
            return percentiles;
        }
        SplittableRandom random = new SplittableRandom(17);
        double[] millis = new double[options.latencyProbeRequests()];
        int failures = 0;
        for (int i = 0; i < millis.length; i++) {
            long user = userIds[random.nextInt(userIds.length)];
            long start = System.nanoTime();
            HttpResponse<String> response = client.get("/recommend?user=" + user + "&k=10");
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                failures++;
            }
        }
        Arrays.sort(millis);
        percentiles.put("p50", millis[(int) Math.floor(0.50 * (millis.length - 1))]);
        percentiles.put("p99", millis[(int) Math.floor(0.99 * (millis.length - 1))]);
        percentiles.put("max", millis[millis.length - 1]);
        percentiles.put("requests", (double) millis.length);
        percentiles.put("non_200", (double) failures);
        out.printf(Locale.ROOT, "/recommend latency over %d requests: p50 %.2f ms, p99 %.2f ms (%d not 200)%n",
                millis.length, percentiles.get("p50"), percentiles.get("p99"), failures);
        return percentiles;
    }

    /** Writes the replay and the invalid records to Kafka on its own thread. */
    private final class ReplayThread extends Thread {
        private final EventProducer producer;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong validEvents = new AtomicLong();
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final List<Long> users = new ArrayList<>();

        ReplayThread(EventProducer producer) {
            super("streamrank-replay");
            setDaemon(true);
            this.producer = producer;
        }

        @Override
        public void run() {
            try {
                DatasetReplay replay = DatasetReplay.open(options.dataset(), options.dataDirectory(), options.replay());
                java.util.Set<Long> seenUsers = new java.util.HashSet<>();
                Iterator<Event> counted = new Iterator<>() {
                    private long index;

                    @Override
                    public boolean hasNext() {
                        return replay.hasNext();
                    }

                    @Override
                    public Event next() {
                        Event event = replay.next();
                        if (seenUsers.add(event.userId())) {
                            synchronized (users) {
                                users.add(event.userId());
                            }
                        }
                        maybeSendInvalid(index++);
                        sent.incrementAndGet();
                        validEvents.incrementAndGet();
                        return event;
                    }
                };
                producer.send(counted, options.speedFactor(), count -> { });
                producer.flush();
                done.set(true);
                out.printf(Locale.ROOT, "Replay done: %,d events (%s)%n", validEvents.get(), replay.stats().rowsSkipped() > 0
                        ? replay.stats().rowsSkipped() + " unparseable rows skipped: " + replay.stats().skippedRowReasons()
                        : "no unparseable rows");
            } catch (Throwable e) {
                failure.set(e);
            }
        }

        private void maybeSendInvalid(long index) {
            if (options.invalidRecords() == 0) {
                return;
            }
            long every = 997;
            long ordinal = index / every;
            if (index % every == 0 && ordinal < options.invalidRecords()) {
                try {
                    producer.sendRaw("invalid", InvalidRecords.sample((int) ordinal));
                    sent.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot send an invalid record", e);
                }
            }
        }

        long[] userIds() {
            synchronized (users) {
                return users.stream().mapToLong(Long::longValue).toArray();
            }
        }
    }
}
