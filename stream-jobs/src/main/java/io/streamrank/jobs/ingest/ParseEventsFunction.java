package io.streamrank.jobs.ingest;

import io.streamrank.features.event.EventCodec;
import io.streamrank.features.event.InvalidEventException;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses and validates raw records. A valid record goes on as an {@link IngestedEvent}; an
 * invalid one goes to the {@link #DEAD_LETTERS} side output with the reason, is counted in the
 * {@code deadLetters} metric and logged at WARN with its topic, partition and offset (the first
 * ten in full, then every thousandth), and never stops the job.
 */
public final class ParseEventsFunction extends ProcessFunction<RawRecord, IngestedEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ParseEventsFunction.class);

    public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient EventCodec codec;
    private transient Counter parsed;
    private transient Counter deadLetters;

    @Override
    public void open(OpenContext openContext) {
        codec = new EventCodec();
        parsed = getRuntimeContext().getMetricGroup().counter("eventsParsed");
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord record, Context context, Collector<IngestedEvent> out) {
        try {
            out.collect(IngestedEvent.of(codec.parse(record.value()), record));
            parsed.inc();
        } catch (InvalidEventException e) {
            deadLetters.inc();
            long count = deadLetters.getCount();
            if (LogSampling.isLogged(count)) {
                LOG.warn(
                        "Rejected record {}-{}@{} ({} rejected so far): {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        count,
                        e.getMessage());
            }
            context.output(DEAD_LETTERS, DeadLetter.of(record, e.getMessage()).toJson());
        }
    }
}
