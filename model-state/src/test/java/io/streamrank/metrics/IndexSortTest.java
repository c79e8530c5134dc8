package io.streamrank.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexSortTest {

    @Test
    void matchesStableLibrarySort() {
        for (int size = 0; size < 70; size++) {
            Random random = new Random(size);
            int[] keys = new int[size];
            for (int i = 0; i < size; i++) {
                keys[i] = random.nextInt(8);
            }
            // Arrays.sort on objects is a stable merge sort, so it is the reference order.
            Integer[] expected = new Integer[size];
            for (int i = 0; i < size; i++) {
                expected[i] = i;
            }
            Arrays.sort(expected, Comparator.comparingInt(index -> keys[index]));

            int[] actual = IndexSort.sortedIndices(size, (left, right) -> Integer.compare(keys[left], keys[right]));

            assertThat(actual).as("size %d", size).containsExactly(Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
        }
    }
}
