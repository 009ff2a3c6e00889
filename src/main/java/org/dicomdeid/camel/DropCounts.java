package org.dicomdeid.camel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** How many inputs each policy filter dropped: logs say counts and filter names, never what was dropped. */
final class DropCounts {
    private final ConcurrentMap<String, AtomicLong> byFilter = new ConcurrentHashMap<>();

    /** Counts one more drop by {@code filter}; returns its count so far. */
    long add(String filter) {
        return byFilter.computeIfAbsent(filter, f -> new AtomicLong()).incrementAndGet();
    }
}
