package io.streamrank.jobs.replay;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventCodec;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Writes events to the events topic, keyed by user id so that one user's events keep their
 * order within a partition.
 *
 * <p>With a speed factor the replay keeps the gaps of event time, divided by the factor (a factor
 * of 3600 plays one hour of events per second); without one it writes as fast as the broker takes
 * them. A send that fails stops the replay with the broker's error: no event is skipped silently.
 */
public final class EventProducer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final EventCodec codec = new EventCodec();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public EventProducer(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "streamrank-replay");
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
        this.topic = topic;
    }

    /**
     * Writes all {@code events} and waits until the broker acknowledged them.
     *
     * @param speedFactor event time per wall-clock time, or 0 for as fast as possible
     * @param progress called with the number of events sent, every 10,000 events
     * @return the number of events written
     */
    public long send(Iterator<Event> events, double speedFactor, LongConsumer progress) throws Exception {
        long sent = 0;
        long firstEventTime = -1;
        long startNanos = System.nanoTime();
        while (events.hasNext()) {
            Event event = events.next();
            if (speedFactor > 0) {
                if (firstEventTime < 0) {
                    firstEventTime = event.eventTime();
                }
                pace(event.eventTime() - firstEventTime, speedFactor, startNanos);
            }
            sendRaw(Long.toString(event.userId()), codec.toJson(event));
            sent++;
            if (sent % 10_000 == 0) {
                progress.accept(sent);
            }
        }
        flush();
        return sent;
    }

    /** Sends one record as it is, for example a deliberately invalid one. */
    public void sendRaw(String key, String value) throws Exception {
        Exception earlier = failure.get();
        if (earlier != null) {
            throw new IllegalStateException("replay stopped: a send to topic " + topic + " failed", earlier);
        }
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            } else {
                acknowledged.incrementAndGet();
            }
        });
    }

    /** Waits until every record sent so far is acknowledged, and rethrows a failed send. */
    public void flush() {
        producer.flush();
        Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("a send to topic " + topic + " failed", error);
        }
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    private static void pace(long eventTimeOffsetMillis, double speedFactor, long startNanos)
            throws InterruptedException {
        long dueNanos = startNanos + (long) (eventTimeOffsetMillis * 1_000_000.0 / speedFactor);
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 1_000_000) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
