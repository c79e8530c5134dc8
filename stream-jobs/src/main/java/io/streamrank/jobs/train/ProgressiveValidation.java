package io.streamrank.jobs.train;

import io.streamrank.metrics.ProgressiveMetrics;
import io.streamrank.metrics.WindowedProgressiveMetrics;

import org.apache.flink.util.InstantiationUtil;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Progressive-validation figures of one trainer, per model output: cumulative since the trainer
 * started, over a sliding window of event time, and per published model version. Each example
 * is added with the score from before the trainer learned from it.
 *
 * <p><b>Window.</b> A {@link WindowedProgressiveMetrics} per output, over the event time of the
 * examples (the impression time), configured by {@link ValidationOptions}. The trainer receives
 * an example only after the label join has closed its windows, so the window trails the newest
 * events by about that delay.
 *
 * <p><b>Per version.</b> The figures of version v are those of the examples scored while v was
 * the newest version this trainer had published: from the completion of the checkpoint that
 * published v until the completion of the one that published the next version. Serving loads
 * the newest announced version, so this is the traffic that arrived while v was being served,
 * give or take serving's loading delay. Staged versions are left out, because a staged version
 * is discarded if its checkpoint does not complete and is never served. The scores come from
 * the trainer's current weights, which contain v plus what was learned since v, so the figures
 * can overstate how v itself scores. Examples scored before the first publication count for no
 * version. Only the {@link ValidationOptions#versionsKept()} most recent versions are kept.
 *
 * <p><b>State size.</b> The cumulative figures keep the default AUC resolution of
 * {@value ProgressiveMetrics#DEFAULT_AUC_BINS} bins (160 KiB per output). Window buckets and
 * versions keep {@value #DETAIL_AUC_BINS} bins (16 KiB each), so with the defaults of 12 buckets
 * and 8 versions an output takes at most 160 + 12 * 16 + 8 * 16 = 480 KiB, and the ranker's two
 * outputs 960 KiB. The AUC error bound grows as the bins widen: for predictions spread evenly
 * over [0, 1] it is about 5e-4 at 1,000 bins, and each figure reports its bound. Not thread-safe.
 */
final class ProgressiveValidation implements Serializable {

    private static final long serialVersionUID = 1L;

    /** AUC histogram bins of the window buckets and of the per-version figures. */
    static final int DETAIL_AUC_BINS = 1_000;

    private final List<String> outputs;
    private final ProgressiveMetrics[] cumulative;
    private final Deque<VersionFigures> versions = new ArrayDeque<>();
    private ValidationOptions options;
    private WindowedProgressiveMetrics[] windows;
    private long publishedVersion;

    /**
     * The figures of the examples scored while one version was the newest published.
     *
     * @param version the snapshot version
     * @param outputs per output, in the trainer's output order
     */
    record VersionFigures(long version, ProgressiveMetrics[] outputs) implements Serializable {}

    /**
     * Headline figures of one output for gauges, each NaN while undefined.
     *
     * @param auc cumulative AUC
     * @param logLoss cumulative log loss in nats
     * @param windowAuc AUC over the window
     * @param windowLogLoss log loss over the window, in nats
     */
    record Headline(double auc, double logLoss, double windowAuc, double windowLogLoss) {}

    /** Creates empty figures for {@code outputs}, in the order the trainer scores them. */
    ProgressiveValidation(List<String> outputs, ValidationOptions options) {
        this.outputs = List.copyOf(outputs);
        this.options = options;
        this.cumulative = new ProgressiveMetrics[outputs.size()];
        for (int output = 0; output < cumulative.length; output++) {
            cumulative[output] = new ProgressiveMetrics();
        }
        this.windows = newWindows(outputs.size(), options);
    }

    /**
     * Adds one scored example of output {@code output}.
     *
     * @param prediction the probability scored before learning, in [0, 1]
     * @param eventTimeMillis the example's event time, which places it in the window
     */
    void add(int output, double prediction, boolean label, long eventTimeMillis) {
        cumulative[output].add(prediction, label);
        windows[output].add(prediction, label, eventTimeMillis);
        if (!versions.isEmpty()) {
            versions.peekLast().outputs()[output].add(prediction, label);
        }
    }

    /**
     * Records that {@code version} is now the newest published version, so the examples added from
     * now on count for it. Drops the oldest version beyond {@link ValidationOptions#versionsKept()}.
     * Does nothing if {@code version} is not newer than the current one.
     */
    void published(long version) {
        if (version <= publishedVersion) {
            return;
        }
        publishedVersion = version;
        ProgressiveMetrics[] figures = new ProgressiveMetrics[outputs.size()];
        for (int output = 0; output < figures.length; output++) {
            figures[output] = new ProgressiveMetrics(DETAIL_AUC_BINS);
        }
        versions.addLast(new VersionFigures(version, figures));
        trimVersions();
    }

    /**
     * Applies the settings of the current run to restored figures. A window of another length or
     * bucket count cannot be re-bucketed, so it starts empty; fewer versions kept drops the oldest.
     *
     * @return whether the window figures were discarded
     */
    boolean reconfigure(ValidationOptions newOptions) {
        boolean windowDiscarded = !options.sameWindow(newOptions);
        if (windowDiscarded) {
            windows = newWindows(outputs.size(), newOptions);
        }
        options = newOptions;
        trimVersions();
        return windowDiscarded;
    }

    /** Returns the output names, in the order of the output indices. */
    List<String> outputs() {
        return outputs;
    }

    /** Returns the newest published version, or 0 before the first publication. */
    long publishedVersion() {
        return publishedVersion;
    }

    /** Returns the cumulative figures of {@code output}; the instance is live, not a copy. */
    ProgressiveMetrics cumulative(int output) {
        return cumulative[output];
    }

    /** Returns the window of {@code output}; the instance is live, not a copy. */
    WindowedProgressiveMetrics window(int output) {
        return windows[output];
    }

    /** Returns the kept versions, oldest first; the figures are live, not copies. */
    List<VersionFigures> versions() {
        return List.copyOf(versions);
    }

    /** Computes the headline figures of every output, in output order. Costs O(buckets * bins). */
    List<Headline> headlines() {
        Headline[] headlines = new Headline[outputs.size()];
        for (int output = 0; output < headlines.length; output++) {
            ProgressiveMetrics window = windows[output].window();
            headlines[output] = new Headline(
                    cumulative[output].auc().orElse(Double.NaN),
                    cumulative[output].logLoss().orElse(Double.NaN),
                    window.auc().orElse(Double.NaN),
                    window.logLoss().orElse(Double.NaN));
        }
        return List.of(headlines);
    }

    /** Serializes the figures for operator state. */
    byte[] toBytes() throws IOException {
        return InstantiationUtil.serializeObject(this);
    }

    /**
     * Reads figures written by {@link #toBytes()}.
     *
     * @throws IllegalStateException if they belong to other outputs than {@code expectedOutputs}
     */
    static ProgressiveValidation fromBytes(byte[] bytes, List<String> expectedOutputs, ClassLoader classLoader)
            throws IOException, ClassNotFoundException {
        ProgressiveValidation restored = InstantiationUtil.deserializeObject(bytes, classLoader);
        if (!restored.outputs.equals(expectedOutputs)) {
            throw new IllegalStateException("restored progressive validation has outputs " + restored.outputs
                    + "; expected " + expectedOutputs + ". The state belongs to another model");
        }
        return restored;
    }

    private void trimVersions() {
        while (versions.size() > options.versionsKept()) {
            versions.removeFirst();
        }
    }

    private static WindowedProgressiveMetrics[] newWindows(int count, ValidationOptions options) {
        WindowedProgressiveMetrics[] windows = new WindowedProgressiveMetrics[count];
        for (int output = 0; output < count; output++) {
            windows[output] = new WindowedProgressiveMetrics(
                    options.windowMillis(), options.windowBuckets(), DETAIL_AUC_BINS);
        }
        return windows;
    }
}
