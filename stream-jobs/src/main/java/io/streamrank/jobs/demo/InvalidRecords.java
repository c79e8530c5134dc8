package io.streamrank.jobs.demo;

/** Records that break the event schema in different ways, to exercise the dead-letter path. */
public final class InvalidRecords {

    private static final String[] SAMPLES = {
        "{not json",
        "{\"event_id\":\"bad-1\",\"type\":\"click\",\"user_id\":1,\"event_time\":1}",
        "{\"event_id\":\"bad-2\",\"type\":\"teleport\",\"user_id\":1,\"item_id\":2,\"event_time\":1}",
        "{\"event_id\":\"bad-3\",\"type\":\"click\",\"user_id\":-5,\"item_id\":2,\"event_time\":1}",
        "{\"event_id\":\"bad-4\",\"type\":\"click\",\"user_id\":1,\"item_id\":2,\"event_time\":1,\"colour\":\"red\"}",
        "[1,2,3]",
        "{\"event_id\":\"bad-6\",\"type\":\"impression\",\"user_id\":1,\"item_id\":2,\"event_time\":1}",
    };

    private InvalidRecords() {}

    /** Returns invalid record number {@code index}, cycling through the kinds. */
    public static String sample(int index) {
        return SAMPLES[Math.floorMod(index, SAMPLES.length)];
    }

    public static int kinds() {
        return SAMPLES.length;
    }
}
