package io.streamrank.benchmarks;

import io.streamrank.features.event.Event;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.GlobalRates;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Applying one event to a user's and to an item's features, after {@code history} earlier
 * events, with the default feature settings. The global rates' update, which the item function
 * runs for every event too, is the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class FeatureApplyBenchmark {

    /** Events applied before the measured one: a new user, a full sequence (20), a long history. */
    @Param({"0", "20", "200"})
    public int history;

    private final FeatureOptions options = FeatureOptions.DEFAULTS;
    private UserFeatures user;
    private ItemFeatures item;
    private GlobalRates rates;
    private Event next;

    @Setup
    public void setUp() {
        Event[] events = SampleEvents.events(history + 4, 42L);
        Event[] before = Arrays.copyOf(events, history);
        user = SampleEvents.user(before, options);
        item = SampleEvents.item(before, options);
        rates = GlobalRates.NONE;
        for (Event event : before) {
            rates = rates.apply(event, options);
        }
        // The first event after the history that is about the benchmark's item.
        next = Arrays.stream(events, history, events.length)
                .filter(event -> event.itemId() == SampleEvents.ITEM)
                .findFirst()
                .orElseThrow();
    }

    @Benchmark
    public GlobalRates globalRates() {
        return rates.apply(next, options);
    }

    @Benchmark
    public UserFeatures userApply() {
        return user.apply(next, options);
    }

    @Benchmark
    public ItemFeatures itemApply() {
        return item.apply(next, rates, options);
    }
}
