package org.dicomdeid.dicom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Byte ranges of a bulk value overwritten with a repeated pattern, applied while the value is
 * copied (see {@link BulkValue#filled}): how pixel cleaning blanks regions of native pixel data
 * without loading it. Each range holds its pattern from its own start, so ranges that overlap
 * write the same bytes where their patterns are aligned (as pixel-aligned rows are).
 */
final class Fills {
    static final Fills NONE = new Fills(List.of());

    private final List<BulkValue.Fill> sorted;
    private final long longest; // no fill reaches further back than this from where a chunk starts

    private Fills(List<BulkValue.Fill> sorted) {
        this.sorted = sorted;
        this.longest = sorted.stream().mapToLong(BulkValue.Fill::length).max().orElse(0);
    }

    /** {@code fills} checked against a value of {@code length} bytes, after the ones already here. */
    Fills plus(List<BulkValue.Fill> fills, long length) {
        List<BulkValue.Fill> all = new ArrayList<>(sorted);
        for (BulkValue.Fill f : fills) {
            Objects.requireNonNull(f, "fill");
            if (f.offset() < 0 || f.length() < 0 || f.offset() + f.length() > length || f.pattern().length == 0) {
                throw new IllegalArgumentException("a fill lies outside the value or has no pattern");
            }
            all.add(f);
        }
        all.sort(Comparator.comparingLong(BulkValue.Fill::offset)); // stable: later fills stay later
        return new Fills(List.copyOf(all));
    }

    boolean isEmpty() {
        return sorted.isEmpty();
    }

    /**
     * Overwrites, in {@code buf[0..n)} holding the value's bytes from {@code valueOffset}, every
     * byte that a fill covers. Fills are sorted by start; a binary search finds the first one
     * that can reach this chunk (fills are short: none reaches further back than the longest).
     */
    void apply(long valueOffset, byte[] buf, int n) {
        long end = valueOffset + n;
        for (int i = firstStartingAtOrAfter(valueOffset - longest); i < sorted.size(); i++) {
            BulkValue.Fill f = sorted.get(i);
            if (f.offset() >= end) {
                break;
            }
            f.applyTo(buf, valueOffset, n);
        }
    }

    private int firstStartingAtOrAfter(long offset) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).offset() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
