package io.streamrank.jobs.bench;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventCodec;
import io.streamrank.jobs.replay.EventProducer;

import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes events to the events topic at a fixed rate on its own thread: event i is sent at
 * {@code start + i / rate}, or at once when the thread is behind. Each record's Kafka timestamp
 * is its send time, which is where serving's freshness starts.
 */
final class PacedSender extends Thread {

    /** Waits shorter than this are skipped, because parking cannot resolve them. */
    private static final long MIN_PARK_NANOS = 100_000;

    private final EventProducer producer;
    private final Iterator<Event> events;
    private final double eventsPerSecond;
    private final EventCodec codec = new EventCodec();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile boolean done;

    PacedSender(EventProducer producer, Iterator<Event> events, double eventsPerSecond) {
        super("streamrank-bench-sender");
        setDaemon(true);
        this.producer = producer;
        this.events = events;
        this.eventsPerSecond = eventsPerSecond;
    }

    @Override
    public void run() {
        try {
            startNanos = System.nanoTime();
            long index = 0;
            while (events.hasNext() && !isInterrupted()) {
                long wait = startNanos + (long) (index * 1e9 / eventsPerSecond) - System.nanoTime();
                if (wait > MIN_PARK_NANOS) {
                    LockSupport.parkNanos(wait);
                }
                Event event = events.next();
                producer.sendRaw(Long.toString(event.userId()), codec.toJson(event));
                sent.incrementAndGet();
                index++;
            }
            producer.flush();
        } catch (Throwable e) {
            failure.set(e);
        } finally {
            endNanos = System.nanoTime();
            done = true;
        }
    }

    long sent() {
        return sent.get();
    }

    /** Returns whether the sender has stopped, after its last event or a failure. */
    boolean isDone() {
        return done;
    }

    /** Seconds from the first send to the flush after the last one; valid once {@link #isDone()}. */
    double sendSeconds() {
        return (endNanos - startNanos) / 1e9;
    }

    /** Throws the failure that stopped the sender, if any. */
    void requireHealthy() {
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("writing the freshness phase's events failed", error);
        }
    }
}
