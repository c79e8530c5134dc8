package io.streamrank.jobs.features;

import io.streamrank.features.state.FeatureOptions;
import io.streamrank.jobs.ingest.IngestedEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/** Keyed-operator harnesses around the feature functions, on the heap or the RocksDB state backend. */
final class FeatureHarnesses {

    /** The state backend a harness runs on. */
    enum Backend {
        HEAP,
        ROCKSDB
    }

    private FeatureHarnesses() {}

    /** Returns an opened harness of the user function, restored from {@code restored} when it is not null. */
    static KeyedOneInputStreamOperatorTestHarness<Long, IngestedEvent, EnrichedEvent> user(
            FeatureOptions options, long statsIntervalMillis, Backend backend, OperatorSubtaskState restored)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Long, IngestedEvent, EnrichedEvent> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new UserFeatureFunction(options, statsIntervalMillis)),
                        ingested -> ingested.event().userId(),
                        Types.LONG);
        return opened(harness, backend, restored);
    }

    /** Returns an opened harness of the item function, restored from {@code restored} when it is not null. */
    static KeyedOneInputStreamOperatorTestHarness<Long, EnrichedEvent, EnrichedEvent> item(
            FeatureOptions options, Backend backend, OperatorSubtaskState restored) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Long, EnrichedEvent, EnrichedEvent> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new ItemFeatureFunction(options)),
                        enriched -> enriched.event().itemId(),
                        Types.LONG);
        return opened(harness, backend, restored);
    }

    /** Removes and returns the records of the main output, in order; watermarks stay out. */
    @SuppressWarnings("unchecked")
    static <T> List<T> drain(AbstractStreamOperatorTestHarness<T> harness) {
        List<T> values = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> record) {
                values.add((T) record.getValue());
            }
        }
        harness.getOutput().clear();
        return values;
    }

    /** Removes and returns the records of side output {@code tag}, in order. */
    static <T> List<T> drain(AbstractStreamOperatorTestHarness<?> harness, OutputTag<T> tag) {
        List<T> values = new ArrayList<>();
        Queue<StreamRecord<T>> records = harness.getSideOutput(tag);
        if (records != null) {
            for (StreamRecord<T> record : records) {
                values.add(record.getValue());
            }
            records.clear();
        }
        return values;
    }

    private static <H extends AbstractStreamOperatorTestHarness<?>> H opened(
            H harness, Backend backend, OperatorSubtaskState restored) throws Exception {
        if (backend == Backend.ROCKSDB) {
            harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        harness.setup();
        if (restored == null) {
            harness.initializeEmptyState();
        } else {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }
}
