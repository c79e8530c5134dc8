package io.streamrank.serving.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The versions that serve requests at one moment. A request reads the set once and uses it to
 * the end, so a swap never mixes versions within one request. Immutable.
 *
 * @param prerank the pre-ranker, or null before its first snapshot is loaded
 * @param ranker the ranker, or null before its first snapshot is loaded
 */
public record ModelSet(ServingPrerank prerank, ServingRanker ranker) {

    public static final ModelSet EMPTY = new ModelSet(null, null);

    /** Returns a set in which {@code model} replaces the version of the same name. */
    ModelSet with(ServingModel model) {
        if (model instanceof ServingPrerank newPrerank) {
            return new ModelSet(newPrerank, ranker);
        }
        if (model instanceof ServingRanker newRanker) {
            return new ModelSet(prerank, newRanker);
        }
        throw new IllegalArgumentException("unsupported model type " + model.getClass().getName());
    }

    /** Returns the loaded version of {@code name}, or null. */
    public ServingModel get(String name) {
        return switch (name) {
            case ServingPrerank.NAME -> prerank;
            case ServingRanker.NAME -> ranker;
            default -> null;
        };
    }

    /** Returns the versions of the loaded models by name, pre-ranker first, or an empty map when none is loaded. */
    public Map<String, Long> versions() {
        Map<String, Long> versions = new LinkedHashMap<>();
        if (prerank != null) {
            versions.put(ServingPrerank.NAME, prerank.version());
        }
        if (ranker != null) {
            versions.put(ServingRanker.NAME, ranker.version());
        }
        return versions;
    }

    public boolean isComplete() {
        return prerank != null && ranker != null;
    }
}
