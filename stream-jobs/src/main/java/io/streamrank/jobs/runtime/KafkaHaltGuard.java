package io.streamrank.jobs.runtime;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.common.utils.Exit;

/**
 * Records the JVM halt or exit that Kafka requests while a node starts, in place of performing it.
 *
 * <p>Kafka 4.2's controller treats any failure in its startup as fatal and calls {@code Exit.halt}, for
 * example when another process took the controller port after it was picked, or when startup outlasts
 * {@code server.max.startup.time.ms}. In a test or demo JVM that would end the whole process with no
 * error. While a guard is installed, the request is recorded, the controller shuts itself down and
 * rethrows, and the caller can report the failure.
 *
 * <p>{@link Exit}'s procedures are global, so one guard at a time is installed, and closing it restores
 * Kafka's default procedures. A halt requested meanwhile by another Kafka node in this JVM is recorded
 * here as well, and that node then keeps running after its fault.
 */
final class KafkaHaltGuard implements AutoCloseable {

    private static final ReentrantLock INSTALLED = new ReentrantLock();

    private final AtomicReference<String> request = new AtomicReference<>();

    private KafkaHaltGuard() {
    }

    /** Installs a guard, waiting while another thread has one installed. The caller must close it. */
    static KafkaHaltGuard install() {
        INSTALLED.lock();
        KafkaHaltGuard guard = new KafkaHaltGuard();
        Exit.setHaltProcedure((status, message) -> guard.record("halt", status, message));
        Exit.setExitProcedure((status, message) -> guard.record("exit", status, message));
        return guard;
    }

    /** Returns the first halt or exit requested since {@link #install()}, if any. */
    Optional<String> request() {
        return Optional.ofNullable(request.get());
    }

    /** Restores Kafka's default halt and exit procedures. */
    @Override
    public void close() {
        try {
            Exit.resetHaltProcedure();
            Exit.resetExitProcedure();
        } finally {
            INSTALLED.unlock();
        }
    }

    private void record(String kind, int status, String message) {
        String description = kind + " with status " + status + (message == null ? "" : " (" + message + ")");
        request.compareAndSet(null, description);
    }
}
