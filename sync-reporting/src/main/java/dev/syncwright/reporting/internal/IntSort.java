package dev.syncwright.reporting.internal;

/** Sorts int row numbers with a comparator, without boxing. Stateless. */
public final class IntSort {
    /** Orders two rows. */
    @FunctionalInterface
    public interface IntComparator {
        /** @return negative, zero or positive as {@code a} sorts before, with, or after {@code b} */
        int compare(int a, int b);
    }

    private IntSort() {
    }

    /** Sorts {@code a[0..n)} (a merge sort: O(n log n) whatever the data). */
    public static void sort(int[] a, int n, IntComparator c) {
        if (n < 2) {
            return;
        }
        int[] tmp = new int[n];
        mergeSort(a, tmp, 0, n, c);
    }

    private static void mergeSort(int[] a, int[] tmp, int from, int to, IntComparator c) {
        if (to - from <= 24) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && c.compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, c);
        mergeSort(a, tmp, mid, to, c);
        if (c.compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            a[k++] = c.compare(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
        }
        while (i < mid) {
            a[k++] = tmp[i++];
        }
        while (j < to) {
            a[k++] = tmp[j++];
        }
    }
}
