package io.streamrank.features.replay;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Settings of a dataset replay. Instances are immutable: build them with {@link #builder()},
 * which validates every setting once in {@link Builder#build()}.
 *
 * <ul>
 *   <li>{@code negativesPerClick} (default {@value #DEFAULT_NEGATIVES_PER_CLICK}, at most
 *       {@value #MAX_NEGATIVES_PER_CLICK}): number of sampled impressions requested before each
 *       click. 0 turns sampling off.
 *   <li>{@code seed} (default {@value #DEFAULT_SEED}): seed of the random generator that picks
 *       the sampled items. The same seed, data and settings give the same events.
 *   <li>{@code rowLimit} (default none): replays only the first N valid rows of the
 *       interaction file after sorting by time, for tests and demos on a slice.
 * </ul>
 */
public final class ReplayOptions {

    public static final int DEFAULT_NEGATIVES_PER_CLICK = 4;
    public static final long DEFAULT_SEED = 1L;

    /**
     * Upper bound of {@code negativesPerClick}. A response page shows far fewer items, so a larger
     * value is most likely a typo, and it would multiply the size of the replay by that factor.
     */
    public static final int MAX_NEGATIVES_PER_CLICK = 1000;

    private static final ReplayOptions DEFAULTS = builder().build();

    private final int negativesPerClick;
    private final long seed;
    private final OptionalLong rowLimit;

    private ReplayOptions(Builder builder) {
        this.negativesPerClick = builder.negativesPerClick;
        this.seed = builder.seed;
        this.rowLimit = builder.rowLimit;
    }

    /** Options with every setting at its default. */
    public static ReplayOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.negativesPerClick = negativesPerClick;
        builder.seed = seed;
        builder.rowLimit = rowLimit;
        return builder;
    }

    /** Number of sampled impressions requested before each click. */
    public int negativesPerClick() {
        return negativesPerClick;
    }

    /** Seed of the impression sampler. */
    public long seed() {
        return seed;
    }

    /** Maximum number of rows replayed, counted after sorting by time, or empty for all rows. */
    public OptionalLong rowLimit() {
        return rowLimit;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ReplayOptions that)) {
            return false;
        }
        return negativesPerClick == that.negativesPerClick && seed == that.seed && rowLimit.equals(that.rowLimit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(negativesPerClick, seed, rowLimit);
    }

    @Override
    public String toString() {
        return "ReplayOptions{negativesPerClick=" + negativesPerClick
                + ", seed=" + seed
                + ", rowLimit=" + (rowLimit.isPresent() ? rowLimit.getAsLong() : "none")
                + "}";
    }

    /** Collects settings. Nothing is checked until {@link #build()}. */
    public static final class Builder {

        private int negativesPerClick = DEFAULT_NEGATIVES_PER_CLICK;
        private long seed = DEFAULT_SEED;
        private OptionalLong rowLimit = OptionalLong.empty();

        private Builder() {}

        /** Sets the number of sampled impressions before each click, from 0 to {@value ReplayOptions#MAX_NEGATIVES_PER_CLICK}. */
        public Builder negativesPerClick(int negativesPerClick) {
            this.negativesPerClick = negativesPerClick;
            return this;
        }

        /** Sets the seed of the impression sampler. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Replays only the first {@code rowLimit} rows after sorting by time; must be 1 or more. */
        public Builder rowLimit(long rowLimit) {
            this.rowLimit = OptionalLong.of(rowLimit);
            return this;
        }

        /** Replays every row (the default). */
        public Builder noRowLimit() {
            this.rowLimit = OptionalLong.empty();
            return this;
        }

        /**
         * Validates the settings and returns the options.
         *
         * @throws IllegalArgumentException naming the invalid setting, its value and the valid range
         */
        public ReplayOptions build() {
            if (negativesPerClick < 0 || negativesPerClick > MAX_NEGATIVES_PER_CLICK) {
                throw new IllegalArgumentException(
                        "negativesPerClick is " + negativesPerClick + "; expected 0 to " + MAX_NEGATIVES_PER_CLICK);
            }
            if (rowLimit.isPresent() && rowLimit.getAsLong() < 1) {
                throw new IllegalArgumentException(
                        "rowLimit is " + rowLimit.getAsLong() + "; expected 1 or more, or no limit");
            }
            return new ReplayOptions(this);
        }
    }
}
