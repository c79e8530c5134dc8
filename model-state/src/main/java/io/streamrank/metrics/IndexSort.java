package io.streamrank.metrics;

/**
 * Stable O(n log n) sort of array indices by a comparator on primitives, which avoids boxing
 * every index into an {@code Integer}.
 */
final class IndexSort {

    /** Order of two indices, with the sign convention of {@link java.util.Comparator}. */
    @FunctionalInterface
    interface IndexComparator {
        int compare(int left, int right);
    }

    private IndexSort() {}

    /**
     * Returns the indices 0 to {@code size - 1} sorted by {@code comparator}. Equal indices keep
     * their ascending order, because the bottom-up merge sort is stable.
     */
    static int[] sortedIndices(int size, IndexComparator comparator) {
        int[] source = new int[size];
        for (int i = 0; i < size; i++) {
            source[i] = i;
        }
        int[] target = new int[size];

        for (long width = 1; width < size; width *= 2) {
            for (long left = 0; left < size; left += 2 * width) {
                int middle = (int) Math.min(left + width, size);
                int right = (int) Math.min(left + 2 * width, size);
                merge(source, target, (int) left, middle, right, comparator);
            }
            int[] merged = target;
            target = source;
            source = merged;
        }
        return source;
    }

    /** Merges the sorted runs [left, middle) and [middle, right) of source into target. */
    private static void merge(
            int[] source, int[] target, int left, int middle, int right, IndexComparator comparator) {
        int first = left;
        int second = middle;
        int out = left;
        while (first < middle && second < right) {
            // Taking from the first run on equality keeps the sort stable.
            if (comparator.compare(source[second], source[first]) < 0) {
                target[out++] = source[second++];
            } else {
                target[out++] = source[first++];
            }
        }
        while (first < middle) {
            target[out++] = source[first++];
        }
        while (second < right) {
            target[out++] = source[second++];
        }
    }
}
