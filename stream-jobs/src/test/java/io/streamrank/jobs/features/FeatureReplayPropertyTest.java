package io.streamrank.jobs.features;

import static io.streamrank.jobs.features.FeatureHarnesses.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.features.event.Event;
import io.streamrank.features.event.EventType;
import io.streamrank.features.replay.Dataset;
import io.streamrank.features.replay.DatasetReplay;
import io.streamrank.features.replay.ReplayOptions;
import io.streamrank.features.state.CategoryAffinity;
import io.streamrank.features.state.FeatureBinaryFormat;
import io.streamrank.features.state.FeatureCodec;
import io.streamrank.features.state.FeatureOptions;
import io.streamrank.features.state.ItemFeatures;
import io.streamrank.features.state.UserFeatures;
import io.streamrank.jobs.TestDatasets;
import io.streamrank.jobs.features.FeatureHarnesses.Backend;
import io.streamrank.jobs.ingest.IngestedEvent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Replays a prefix of a real dataset through the user and item feature functions, in operator
 * harnesses on RocksDB, and checks every feature of every user and item against
 * {@link ReferenceFeatures}: each example's features as of just before its event, and each key's
 * last published value, decoded from its published bytes, at several later scoring times.
 *
 * <p>Events reach the functions out of event-time order by up to {@link #MAX_DISORDER}, as they
 * do from several Kafka partitions, so the out-of-order paths of every feature take part.
 */
// The harnesses' close() declares InterruptedException, which try-with-resources warns about.
@SuppressWarnings("try")
class FeatureReplayPropertyTest {

    /** Relative error allowed between incrementally decayed values and direct sums of exponentials. */
    private static final double DECAY_TOLERANCE = 1e-9;

    /** How far behind the latest event time an event may arrive. */
    private static final Duration MAX_DISORDER = Duration.ofMinutes(10);

    /** Scoring times after each key's last event at which its published value is checked. */
    private static final List<Duration> LATER = List.of(
            Duration.ZERO, Duration.ofMinutes(45), Duration.ofHours(3), Duration.ofDays(2));

    private static final FeatureOptions OPTIONS = FeatureOptions.DEFAULTS;

    @ParameterizedTest(name = "{0}, first {2} rows")
    @CsvSource({
        "TAOBAO, taobao-userbehavior/user-head, 20000",
        "MOVIELENS_100K, movielens-100k-grouplens, 10000"
    })
    void featuresMatchReferenceRecomputation(Dataset dataset, String directory, int rows) throws Exception {
        Path data = TestDatasets.directory(directory);
        List<Event> events = DatasetReplay.open(dataset, data, ReplayOptions.builder().rowLimit(rows).build())
                .stream().toList();
        List<Event> arrivals = withDisorder(events, new Random(rows));

        Map<String, byte[]> published = new HashMap<>();
        ReferenceFeatures reference = new ReferenceFeatures(OPTIONS);
        int checked = 0;
        try (var users = FeatureHarnesses.user(OPTIONS, 1000, Backend.ROCKSDB, null);
                var items = FeatureHarnesses.item(OPTIONS, Backend.ROCKSDB, null)) {
            for (Event event : arrivals) {
                users.processElement(new IngestedEvent(event, event.eventTime()), event.eventTime());
                for (EnrichedEvent withUser : drain(users)) {
                    items.processElement(withUser, event.eventTime());
                }
                EnrichedEvent enriched = drain(items).get(0);

                assertUser(enriched.user(), reference.user(event.userId(), event.eventTime()), event.eventTime());
                assertItem(enriched.item(), reference.item(event.itemId(), event.eventTime()), event.eventTime());
                reference.apply(event);
                checked++;

                for (FeatureUpdate update : drain(users, UserFeatureFunction.UPDATES)) {
                    published.put(update.key(), update.value());
                }
                for (FeatureUpdate update : drain(items, ItemFeatureFunction.UPDATES)) {
                    published.put(update.key(), update.value());
                }
            }
        }
        assertThat(checked).isEqualTo(events.size());

        int users = 0;
        for (long userId : reference.users()) {
            UserFeatures last = FeatureBinaryFormat.decodeUser(published.get(FeatureCodec.userKey(userId)));
            for (Duration later : LATER) {
                long time = last.asOf() + later.toMillis();
                assertUser(last, reference.user(userId, time), time);
            }
            users++;
        }
        int items = 0;
        for (long itemId : reference.items()) {
            ItemFeatures last = FeatureBinaryFormat.decodeItem(published.get(FeatureCodec.itemKey(itemId)));
            for (Duration later : LATER) {
                long time = last.asOf() + later.toMillis();
                assertItem(last, reference.item(itemId, time), time);
            }
            items++;
        }
        assertThat(published).hasSize(users + items);
    }

    private static void assertUser(UserFeatures actual, ReferenceFeatures.User expected, long time) {
        String user = "user " + actual.userId() + " at " + time;
        assertThat(actual.asOf()).as("%s: as of", user).isEqualTo(expected.asOf());
        assertThat(actual.counts()).as("%s: counts", user).containsExactly(expected.counts());
        assertThat(actual.lastTimes()).as("%s: last times", user).containsExactly(expected.lastTimes());

        assertThat(actual.sequence().items()).as("%s: sequence items", user).containsExactly(expected.sequence().items());
        assertThat(actual.sequence().categories()).as("%s: sequence categories", user)
                .containsExactly(expected.sequence().categories());
        assertThat(actual.sequence().times()).as("%s: sequence times", user).containsExactly(expected.sequence().times());
        for (int i = 0; i < actual.sequence().size(); i++) {
            assertThat(actual.sequence().type(i)).as("%s: sequence type %d", user, i)
                    .isEqualTo(expected.sequence().types().get(i));
        }

        for (EventType type : EventType.values()) {
            assertThat(actual.shortWindow().count(type, time)).as("%s: %s in the short window", user, type)
                    .isEqualTo(expected.shortWindow()[type.ordinal()]);
            assertThat(actual.longWindow().count(type, time)).as("%s: %s in the long window", user, type)
                    .isEqualTo(expected.longWindow()[type.ordinal()]);
        }

        CategoryAffinity affinity = actual.affinity();
        double tau = OPTIONS.affinityTimeConstantMillis();
        assertThat(affinity.categories()).as("%s: affinity categories", user)
                .containsExactlyInAnyOrder(expected.affinity().keySet().stream().mapToLong(Long::longValue).toArray());
        double total = 0.0;
        for (Map.Entry<Long, Double> entry : expected.affinity().entrySet()) {
            assertDecayed(affinity.score(entry.getKey(), time, tau), entry.getValue(),
                    user + ": affinity for category " + entry.getKey());
            total += entry.getValue();
        }
        assertDecayed(affinity.total(time, tau), total, user + ": total affinity");
    }

    private static void assertItem(ItemFeatures actual, ReferenceFeatures.Item expected, long time) {
        String item = "item " + actual.itemId() + " at " + time;
        assertThat(actual.asOf()).as("%s: as of", item).isEqualTo(expected.asOf());
        assertThat(actual.categoryId()).as("%s: category", item).isEqualTo(expected.categoryId());
        assertThat(actual.counts()).as("%s: counts", item).containsExactly(expected.counts());
        assertDecayed(actual.priorCtr(), expected.priorCtr(), item + ": prior click-through rate");
        assertDecayed(actual.priorCvr(), expected.priorCvr(), item + ": prior conversion rate");

        ItemFeatures now = actual.decayedTo(time, OPTIONS);
        assertDecayed(now.decayedImpressions(), expected.impressions(), item + ": decayed impressions");
        assertDecayed(now.decayedClicks(), expected.clicks(), item + ": decayed clicks");
        assertDecayed(now.decayedPurchases(), expected.purchases(), item + ": decayed purchases");
        double m = OPTIONS.ctrPriorImpressions();
        double mc = OPTIONS.cvrPriorClicks();
        assertDecayed(now.smoothedCtr(OPTIONS), (expected.clicks() + m * expected.priorCtr()) / (expected.impressions() + m),
                item + ": smoothed click-through rate");
        assertDecayed(now.smoothedCvr(OPTIONS), (expected.purchases() + mc * expected.priorCvr()) / (expected.clicks() + mc),
                item + ": smoothed conversion rate");
    }

    private static void assertDecayed(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(Math.abs(expected) * DECAY_TOLERANCE + Double.MIN_NORMAL));
    }

    /** Orders events by event time plus a random delay of up to {@link #MAX_DISORDER}, keeping ties in replay order. */
    private static List<Event> withDisorder(List<Event> events, Random random) {
        List<long[]> keyed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            long delay = (long) (random.nextDouble() * MAX_DISORDER.toMillis());
            keyed.add(new long[] {events.get(i).eventTime() + delay, i});
        }
        keyed.sort(Comparator.<long[]>comparingLong(key -> key[0]).thenComparingLong(key -> key[1]));
        List<Event> arrivals = new ArrayList<>(events.size());
        for (long[] key : keyed) {
            arrivals.add(events.get((int) key[1]));
        }
        return arrivals;
    }
}
