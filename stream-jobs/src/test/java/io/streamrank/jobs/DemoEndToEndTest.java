package io.streamrank.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.replay.Dataset;
import io.streamrank.features.replay.DatasetReplay;
import io.streamrank.features.replay.ReplayOptions;
import io.streamrank.features.state.FeatureCodec;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.jobs.demo.Demo;
import io.streamrank.jobs.demo.DemoOptions;
import io.streamrank.jobs.demo.DemoSummary;
import io.streamrank.jobs.demo.InvalidRecords;
import io.streamrank.jobs.demo.ServingClient;
import io.streamrank.jobs.train.ValidationOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The whole loop on a slice of MovieLens: a real broker, the job on a MiniCluster with RocksDB,
 * the serving process in its own JVM and real HTTP.
 */
class DemoEndToEndTest {

    private static final int ROWS = 4000;
    private static final int INVALID_RECORDS = 7;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void demoRunsTheWholeLoop() throws Exception {
        Path data = TestDatasets.directory("movielens-100k-grouplens");
        ReplayOptions replay = ReplayOptions.builder().rowLimit(ROWS).build();
        DemoOptions options = new DemoOptions(
                Dataset.MOVIELENS_100K, data, replay, 0, Duration.ofMinutes(4), true, 2, INVALID_RECORDS, 2,
                Duration.ofSeconds(1), Duration.ofSeconds(2), ValidationOptions.DEFAULTS, work, 20);
        List<Event> slice = DatasetReplay.open(Dataset.MOVIELENS_100K, data, replay).stream().toList();

        List<String> failures = new ArrayList<>();
        Map<String, JsonNode> observed = new LinkedHashMap<>();
        DemoSummary summary = new Demo(options, new PrintStream(OutputStream.nullOutputStream())).run(running -> {
            ServingClient client = new ServingClient(running.servingUrl());
            observed.put("users", readUsers(client, busiestUsers(slice, 5)));
            observed.put("items", readItems(client, busiestItems(slice, 5)));
            long user = busiestUsers(slice, 1).get(0);
            observed.put("recommend", MAPPER.readTree(client.get("/recommend?user=" + user + "&k=10").body()));
            observed.put("unknown", MAPPER.readTree(client.get("/recommend?user=999999999&k=5").body()));
            HttpResponse<String> bad = client.get("/recommend?user=abc");
            observed.put("bad", MAPPER.createObjectNode().put("status", bad.statusCode()).put("body", bad.body()));
        });

        assertThat(summary.deadLetters()).isEqualTo(INVALID_RECORDS);
        assertThat(summary.eventsProduced()).isEqualTo(slice.size() + INVALID_RECORDS);
        assertThat(summary.eventsConsumed()).isEqualTo(summary.eventsProduced() - summary.deadLetters());
        assertThat(summary.snapshotsPublished()).isGreaterThanOrEqualTo(2);
        assertThat(summary.snapshotsLoaded()).isGreaterThanOrEqualTo(2);
        assertThat(summary.modelRecords()).containsKeys("ranker", "prerank");
        assertThat(summary.modelRecords().get("ranker").path("examples").asLong()).isPositive();

        assertUsersMatchReference(observed.get("users"), slice);
        assertItemsMatchReference(observed.get("items"), slice);

        JsonNode recommend = observed.get("recommend");
        long user = busiestUsers(slice, 1).get(0);
        List<Long> items = new ArrayList<>();
        recommend.path("items").forEach(item -> items.add(item.path("item").asLong()));
        assertThat(items).hasSize(10).doesNotHaveDuplicates();
        assertThat(items).doesNotContainAnyElementsOf(engagedItems(slice, user));
        assertThat(recommend.path("personalized").asBoolean()).isTrue();
        assertThat(recommend.path("model_versions").path("ranker").asLong()).isPositive();
        assertThat(recommend.path("model_versions").path("prerank").asLong()).isPositive();

        JsonNode unknown = observed.get("unknown");
        assertThat(unknown.path("personalized").asBoolean()).isFalse();
        assertThat(unknown.path("items").size()).isEqualTo(5);

        assertThat(observed.get("bad").path("status").asInt()).isEqualTo(400);
        assertThat(observed.get("bad").path("body").asText()).contains("user");
        assertThat(InvalidRecords.kinds()).isEqualTo(INVALID_RECORDS);
    }

    private static JsonNode readUsers(ServingClient client, List<Long> users) throws Exception {
        var node = MAPPER.createObjectNode();
        for (long user : users) {
            node.set(Long.toString(user), MAPPER.readTree(client.get("/features/users/" + user).body()));
        }
        return node;
    }

    private static JsonNode readItems(ServingClient client, List<Long> items) throws Exception {
        var node = MAPPER.createObjectNode();
        for (long item : items) {
            node.set(Long.toString(item), MAPPER.readTree(client.get("/features/items/" + item).body()));
        }
        return node;
    }

    /**
     * Recomputes each user's counts, recent engagements (items and types), last times per type and
     * 24-hour window counts directly from the slice and compares.
     */
    private static void assertUsersMatchReference(JsonNode served, List<Event> slice) {
        FeatureOptions options = FeatureOptions.DEFAULTS;
        served.fields().forEachRemaining(entry -> {
            long user = Long.parseLong(entry.getKey());
            List<Event> events = slice.stream().filter(e -> e.userId() == user).toList();
            long asOf = events.get(events.size() - 1).eventTime();
            JsonNode value = entry.getValue().path("value");
            UserFeatures parsed = new FeatureCodec().parseUser(value.toString());
            long width = options.longWindow().bucketMillis();
            long currentBucket = Math.floorDiv(asOf, width);
            for (EventType type : EventType.values()) {
                List<Event> ofType = events.stream().filter(e -> e.type() == type).toList();
                assertThat(value.path("counts").path(type.wireName()).asLong())
                        .as("user %d %s count", user, type.wireName())
                        .isEqualTo(ofType.size());
                assertThat(value.path("last_times").path(type.wireName()).asLong())
                        .as("user %d last %s", user, type.wireName())
                        .isEqualTo(ofType.stream().mapToLong(Event::eventTime).max().orElse(-1L));
                long inLongWindow = ofType.stream()
                        .filter(e -> Math.floorDiv(e.eventTime(), width) > currentBucket - options.longWindow().buckets())
                        .count();
                assertThat(parsed.longWindow().count(type, asOf))
                        .as("user %d %s in the long window", user, type.wireName())
                        .isEqualTo(inLongWindow);
            }
            List<Event> engagements = events.stream()
                    .filter(e -> e.type() != EventType.IMPRESSION)
                    .collect(Collectors.toCollection(ArrayList::new));
            java.util.Collections.reverse(engagements);
            List<Event> expectedRecent = engagements.subList(0, Math.min(options.recentItems(), engagements.size()));
            List<Long> servedRecent = new ArrayList<>();
            value.path("recent_items").forEach(item -> servedRecent.add(item.asLong()));
            List<String> servedTypes = new ArrayList<>();
            value.path("recent_types").forEach(type -> servedTypes.add(type.asText()));
            assertThat(servedRecent).as("user %d recent items", user)
                    .isEqualTo(expectedRecent.stream().map(Event::itemId).toList());
            assertThat(servedTypes).as("user %d recent types", user)
                    .isEqualTo(expectedRecent.stream().map(e -> e.type().wireName()).toList());
            assertThat(entry.getValue().path("as_of").asLong()).isEqualTo(asOf);
        });
    }

    /** Recomputes each item's decayed counts as sums of exp(-(asOf - t) / tau) and compares. */
    private static void assertItemsMatchReference(JsonNode served, List<Event> slice) {
        double tau = FeatureOptions.DEFAULTS.decayTimeConstantMillis();
        served.fields().forEachRemaining(entry -> {
            long item = Long.parseLong(entry.getKey());
            List<Event> events = slice.stream().filter(e -> e.itemId() == item).toList();
            long asOf = events.stream().mapToLong(Event::eventTime).max().orElseThrow();
            Map<EventType, Double> decayed = new HashMap<>();
            for (Event event : events) {
                decayed.merge(event.type(), Math.exp(-(asOf - event.eventTime()) / tau), Double::sum);
            }
            JsonNode value = entry.getValue().path("value");
            assertThat(value.path("as_of").asLong()).isEqualTo(asOf);
            assertThat(value.path("decayed_clicks").asDouble())
                    .as("item %d decayed clicks", item)
                    .isCloseTo(decayed.getOrDefault(EventType.CLICK, 0.0), within(1e-9));
            assertThat(value.path("decayed_purchases").asDouble())
                    .as("item %d decayed purchases", item)
                    .isCloseTo(decayed.getOrDefault(EventType.PURCHASE, 0.0), within(1e-9));
            assertThat(value.path("decayed_impressions").asDouble())
                    .as("item %d decayed impressions", item)
                    .isCloseTo(decayed.getOrDefault(EventType.IMPRESSION, 0.0), within(1e-9));
        });
    }

    private static List<Long> busiestUsers(List<Event> slice, int count) {
        return busiest(slice.stream().map(Event::userId).toList(), count);
    }

    private static List<Long> busiestItems(List<Event> slice, int count) {
        return busiest(slice.stream().filter(e -> e.type() != EventType.IMPRESSION).map(Event::itemId).toList(), count);
    }

    private static List<Long> busiest(List<Long> ids, int count) {
        Map<Long, Long> counts = ids.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<Long, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(count)
                .map(Map.Entry::getKey)
                .toList();
    }

    private static Set<Long> engagedItems(List<Event> slice, long user) {
        Set<Long> items = new HashSet<>();
        for (Event event : slice) {
            if (event.userId() == user && event.type() != EventType.IMPRESSION) {
                items.add(event.itemId());
            }
        }
        return items;
    }
}
