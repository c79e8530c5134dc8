package io.streamrank.evaluation.examples;

import io.streamrank.jobs.ingest.RawRecord;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.io.BufferedReader;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a JSON-lines file of events as raw records, one line per index, for a bounded
 * {@link org.apache.flink.connector.datagen.source.DataGeneratorSource} of parallelism 1. Each
 * record's coordinates are the file name as topic, partition 0 and the zero-based line number as
 * offset, so the job's parser can report a bad line as it reports a bad Kafka record.
 *
 * <p>The function reads the file front to back and requires the indices in order 0, 1, 2, and so
 * on, which a single generator split delivers. It keeps no state for checkpoints, because the
 * evaluator's job runs without them.
 */
final class EventFileFunction implements GeneratorFunction<Long, RawRecord> {

    private static final long serialVersionUID = 1L;

    private final String file;

    private transient BufferedReader reader;
    private transient long nextIndex;
    private transient String topic;

    EventFileFunction(Path file) {
        this.file = file.toAbsolutePath().toString();
    }

    @Override
    public void open(SourceReaderContext context) throws Exception {
        Path path = Path.of(file);
        reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        topic = path.getFileName().toString();
        nextIndex = 0;
    }

    @Override
    public RawRecord map(Long index) throws Exception {
        if (index != nextIndex) {
            throw new IllegalStateException("event file " + file + " is read in order; expected line index "
                    + nextIndex + " but the source requested " + index + ". Run the source with parallelism 1");
        }
        String line = reader.readLine();
        if (line == null) {
            throw new EOFException("event file " + file + " ended after " + nextIndex + " lines; the source expected more");
        }
        nextIndex++;
        return new RawRecord(topic, 0, index, System.currentTimeMillis(), line.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        if (reader != null) {
            reader.close();
        }
    }
}
