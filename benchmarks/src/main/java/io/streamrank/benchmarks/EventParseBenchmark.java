package io.streamrank.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventCodec;
import io.streamrank.features.event.EventType;
import io.streamrank.features.event.InvalidEventException;

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

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Parsing one record of the events topic: {@link EventCodec#parse(byte[])}, with its validation,
 * against a plain Jackson tree read of the same bytes as the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class EventParseBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The event's type: an impression carries three more fields than an engagement. */
    @Param({"click", "impression"})
    public String type;

    private final EventCodec codec = new EventCodec();
    private byte[] record;

    @Setup
    public void setUp() {
        Event event = EventType.fromWireName(type) == EventType.IMPRESSION
                ? Event.impression("taobao:84476:impression:3", 1_001L, 2_268_318L, 2_520_377L, 1_511_544_070_000L,
                        "req-taobao:84476:click", 3, true)
                : Event.engagement("taobao:84476:click", EventType.CLICK, 1_001L, 2_268_318L, 2_520_377L,
                        1_511_544_070_000L);
        record = codec.toBytes(event);
    }

    @Benchmark
    public JsonNode jacksonTree() throws IOException {
        return MAPPER.readTree(record);
    }

    @Benchmark
    public Event eventCodec() throws InvalidEventException {
        return codec.parse(record);
    }
}
