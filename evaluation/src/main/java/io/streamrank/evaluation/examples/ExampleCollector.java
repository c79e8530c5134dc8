package io.streamrank.evaluation.examples;

import io.streamrank.features.example.TrainingExample;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A sink that hands the examples of a job on a MiniCluster in this JVM to the code that started
 * it, with the timestamp of each record, which is the event time at which the label join emitted
 * the example.
 *
 * <p>The sink is serialized into the job, so it carries only the id of a queue kept in a static
 * map; the MiniCluster loads the job's classes from the application class path, so the writer and
 * the caller see the same map. It does not work on a remote cluster. Each run opens its own queue
 * with {@link #open()} and removes it with {@link #drain(String)}.
 */
final class ExampleCollector implements Sink<TrainingExample> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<TimedExample>> QUEUES = new ConcurrentHashMap<>();

    private final String queueId;

    private ExampleCollector(String queueId) {
        this.queueId = queueId;
    }

    /** Opens a new queue and returns its id. */
    static String open() {
        String id = UUID.randomUUID().toString();
        QUEUES.put(id, new ConcurrentLinkedQueue<>());
        return id;
    }

    /** Returns a sink that writes into the queue {@code queueId}. */
    static ExampleCollector into(String queueId) {
        return new ExampleCollector(queueId);
    }

    /** Returns the number of examples in the queue so far. */
    static int size(String queueId) {
        return queue(queueId).size();
    }

    /** Removes the queue and returns its examples in arrival order. */
    static List<TimedExample> drain(String queueId) {
        Queue<TimedExample> queue = QUEUES.remove(queueId);
        return queue == null ? List.of() : new ArrayList<>(queue);
    }

    @Override
    public SinkWriter<TrainingExample> createWriter(WriterInitContext context) {
        Queue<TimedExample> queue = queue(queueId);
        return new SinkWriter<>() {
            @Override
            public void write(TrainingExample example, Context writerContext) {
                Long timestamp = writerContext.timestamp();
                if (timestamp == null) {
                    throw new IllegalStateException("example " + example.eventId()
                            + " has no record timestamp; expected the label join's event time");
                }
                queue.add(new TimedExample(example, timestamp));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }

    private static Queue<TimedExample> queue(String queueId) {
        Queue<TimedExample> queue = QUEUES.get(queueId);
        if (queue == null) {
            throw new IllegalStateException("example queue " + queueId
                    + " is not open; the collector works only on a MiniCluster in the JVM that opened it");
        }
        return queue;
    }
}
