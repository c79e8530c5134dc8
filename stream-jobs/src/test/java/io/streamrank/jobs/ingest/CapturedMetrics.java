package io.streamrank.jobs.ingest;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

import java.util.Map;

/**
 * A task metric group for operator test harnesses that keeps the metrics its operator registers,
 * so that a test can read the operator's counters. The unregistered groups of the default mock
 * environment drop them.
 */
public final class CapturedMetrics extends UnregisteredMetricGroups.UnregisteredTaskMetricGroup {

    private final InterceptingOperatorMetricGroup operator = new InterceptingOperatorMetricGroup();

    /** Returns a mock environment whose operator metrics land in a new {@code CapturedMetrics}. */
    public static MockEnvironment environment(CapturedMetrics metrics) {
        return new MockEnvironmentBuilder().setMetricGroup(metrics).build();
    }

    @Override
    public InternalOperatorMetricGroup getOrAddOperator(String name) {
        return operator;
    }

    @Override
    public InternalOperatorMetricGroup getOrAddOperator(
            OperatorID operatorId, String name, Map<String, String> additionalVariables) {
        return operator;
    }

    /**
     * Returns the count of counter {@code name}.
     *
     * @throws AssertionError when the operator registered no counter of that name
     */
    public long count(String name) {
        Metric metric = operator.get(name);
        if (!(metric instanceof Counter counter)) {
            throw new AssertionError("operator registered no counter '" + name + "'; found " + metric);
        }
        return counter.getCount();
    }
}
