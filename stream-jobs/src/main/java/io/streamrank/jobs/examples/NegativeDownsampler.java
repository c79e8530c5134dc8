package io.streamrank.jobs.examples;

import io.streamrank.features.example.TrainingExample;
import io.streamrank.serving.model.NegativeSamplingCorrection;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.ParameterTool;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps every positive example (clicked) and each negative one with probability
 * {@code keepRate}, so that the trainers see fewer of the abundant negatives. Dropped examples are
 * counted in the {@code negativesDropped} metric.
 *
 * <p>The choice is a pure function of the example's event id (a 64-bit hash mapped to [0, 1)),
 * so a replay or a restart keeps the same examples. Sampled impressions of a replay are negatives
 * like any other and are thinned at the same rate.
 *
 * <p>A model trained on the thinned stream overestimates the click probability: its odds are
 * those of the full stream divided by {@code keepRate}. The rate is therefore recorded in every
 * snapshot manifest under {@link NegativeSamplingCorrection#KEEP_RATE_SETTING}, and serving
 * undoes the shift with {@code q = p / (p + (1 - p) / keepRate)}
 * ({@link NegativeSamplingCorrection}). The rate reaches the trainers through the job's global
 * parameters ({@link #recordKeepRate}), so a job without this step records 1.0, which is right
 * because it drops nothing.
 */
public final class NegativeDownsampler extends RichFilterFunction<TrainingExample> {

    private static final long serialVersionUID = 1L;

    private final double keepRate;

    private transient Counter dropped;

    /** @param keepRate share of negatives kept, in (0, 1]; 1 keeps every example */
    public NegativeDownsampler(double keepRate) {
        NegativeSamplingCorrection.requireKeepRate(keepRate);
        this.keepRate = keepRate;
    }

    @Override
    public void open(OpenContext openContext) {
        dropped = getRuntimeContext().getMetricGroup().counter("negativesDropped");
    }

    @Override
    public boolean filter(TrainingExample example) {
        if (example.click() || keeps(example.eventId(), keepRate)) {
            return true;
        }
        dropped.inc();
        return false;
    }

    /** Returns whether a negative with {@code eventId} is kept at {@code keepRate}, the same result for the same id. */
    static boolean keeps(String eventId, double keepRate) {
        return uniform(eventId) < keepRate;
    }

    /** Maps {@code eventId} to a number in [0, 1) that looks uniformly distributed over ids. */
    static double uniform(String eventId) {
        // FNV-1a over the UTF-16 code units, then the SplitMix64 finalizer to spread similar ids.
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < eventId.length(); i++) {
            hash ^= eventId.charAt(i);
            hash *= 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        hash = hash ^ (hash >>> 31);
        return (hash >>> 11) * 0x1.0p-53;
    }

    /**
     * Records {@code keepRate} in the job's global parameters, from where the trainers copy it into
     * their snapshot manifests ({@link #recordedKeepRate}). Other global parameters are kept.
     */
    public static void recordKeepRate(ExecutionConfig config, double keepRate) {
        Map<String, String> parameters = new HashMap<>(config.getGlobalJobParameters().toMap());
        parameters.put(NegativeSamplingCorrection.KEEP_RATE_SETTING, Double.toString(keepRate));
        config.setGlobalJobParameters(ParameterTool.fromMap(parameters));
    }

    /**
     * Returns the keep rate recorded with {@link #recordKeepRate} as text, for a snapshot
     * manifest, or "1.0" when the job has none, because then nothing dropped negatives.
     */
    public static String recordedKeepRate(RuntimeContext context) {
        return context.getGlobalJobParameters().getOrDefault(NegativeSamplingCorrection.KEEP_RATE_SETTING, "1.0");
    }
}
