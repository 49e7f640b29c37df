package io.tickgate.gateway.publisher;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BacklogWatchTest
{
    @Test
    void selectAgreesWithSortingOnRandomArrays()
    {
        final Random random = new Random(7);
        for (int round = 0; round < 3_000; round++)
        {
            final int n = 1 + random.nextInt(round % 10 == 0 ? 1 : 300);
            // narrow ranges give many duplicates, wide ones few
            final int range = random.nextBoolean() ? 1 + random.nextInt(5) : Integer.MAX_VALUE;
            final int[] values = new int[n + random.nextInt(3)];
            for (int i = 0; i < values.length; i++)
            {
                values[i] = random.nextInt(range) - (range == Integer.MAX_VALUE ? range / 2 : 0);
            }
            assertSelectsAsSorting(values, n, random.nextInt(n));
        }
    }

    @Test
    void selectOnOrderedAndConstantArrays()
    {
        for (final int n : new int[]{1, 2, 3, 64, 101})
        {
            final int[] ascending = new int[n];
            final int[] descending = new int[n];
            final int[] constant = new int[n];
            for (int i = 0; i < n; i++)
            {
                ascending[i] = i;
                descending[i] = n - i;
                constant[i] = 5;
            }
            for (int k = 0; k < n; k++)
            {
                assertSelectsAsSorting(ascending, n, k);
                assertSelectsAsSorting(descending, n, k);
                assertSelectsAsSorting(constant, n, k);
            }
        }
    }

    @Test
    void verdictIsTheLowerMedianAgainstAQuarterOfTheSoftLimitAndEndReportsOnlyChanges()
    {
        final BacklogWatch watch = new BacklogWatch(400);

        assertFalse(sweep(watch, 0, 0, 500, 500), "lower median 0: no change from the start");
        assertEquals(0, watch.medianBytes());
        assertFalse(watch.isMassBacklog());

        assertTrue(sweep(watch, 100, 900, 5, 100), "median at a quarter of the soft limit");
        assertEquals(100, watch.medianBytes());
        assertTrue(watch.isMassBacklog());

        assertFalse(sweep(watch, 300, 200, 100), "still behind: no change");
        assertTrue(watch.isMassBacklog());

        assertTrue(sweep(watch, 99, 1000, 0, 99), "lower median 99: below again");
        assertFalse(watch.isMassBacklog());

        assertFalse(sweep(watch), "no sessions: median 0");
        assertEquals(0, watch.medianBytes());
    }

    @Test
    void sweepsGrowPastTheInitialCapacity()
    {
        final BacklogWatch watch = new BacklogWatch(400);
        final int[] queued = new int[1001];
        Arrays.fill(queued, 500, queued.length, 1_000);
        assertTrue(sweep(watch, queued));
        assertEquals(1_000, watch.medianBytes());
    }

    private static boolean sweep(final BacklogWatch watch, final int... queued)
    {
        watch.begin();
        for (final int bytes : queued)
        {
            watch.add(bytes);
        }
        return watch.end();
    }

    /**
     * The k-th smallest of the first n, those n reordered but the same values, and nothing past n touched.
     */
    private static void assertSelectsAsSorting(final int[] values, final int n, final int k)
    {
        final int[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        final int[] selected = values.clone();
        assertEquals(sorted[k], BacklogWatch.select(selected, n, k), () -> "k=" + k + " of " + Arrays.toString(values));
        final int[] reordered = Arrays.copyOf(selected, n);
        Arrays.sort(reordered);
        assertArrayEquals(sorted, reordered);
        assertArrayEquals(Arrays.copyOfRange(values, n, values.length), Arrays.copyOfRange(selected, n, values.length));
    }
}
