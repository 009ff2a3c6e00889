package org.dicomdeid.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a {@link LeakScanner} found. Usable directly in assertions:
 * {@code assertThat(report.isClean()).as(report.toString()).isTrue()}, or
 * {@code assertThat(report.leaks()).isEmpty()} (each leak prints where it was).
 */
public final class LeakReport {
    private static final int MAX_LINES = 40;

    private final List<Leak> leaks;
    private final int sourcesScanned;

    LeakReport(List<Leak> leaks, int sourcesScanned) {
        this.leaks = Collections.unmodifiableList(new ArrayList<>(leaks));
        this.sourcesScanned = sourcesScanned;
    }

    public List<Leak> leaks() {
        return leaks;
    }

    public boolean isClean() {
        return leaks.isEmpty();
    }

    /** How many files, file names and texts were scanned: a scan of nothing proves nothing. */
    public int sourcesScanned() {
        return sourcesScanned;
    }

    public Set<String> canariesFound() {
        Set<String> found = new LinkedHashSet<>();
        leaks.forEach(l -> found.add(l.canary()));
        return found;
    }

    /** Source -> canaries found in it. */
    public TreeMap<String, Set<String>> bySource() {
        TreeMap<String, Set<String>> map = new TreeMap<>();
        leaks.forEach(l -> map.computeIfAbsent(l.source(), k -> new TreeSet<>()).add(l.canary()));
        return map;
    }

    /** The same report without leaks of the given kinds (e.g. dates when an option keeps dates). */
    public LeakReport withoutKinds(Canary.Kind... kinds) {
        Set<Canary.Kind> excluded = kinds.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(kinds));
        return new LeakReport(leaks.stream().filter(l -> !excluded.contains(l.kind())).toList(), sourcesScanned);
    }

    /** The same report without the given canaries (values an option is documented to keep). */
    public LeakReport withoutCanaries(Collection<String> allowed) {
        Set<String> set = Set.copyOf(allowed);
        return new LeakReport(leaks.stream().filter(l -> !set.contains(l.canary())).toList(), sourcesScanned);
    }

    public LeakReport merge(LeakReport other) {
        List<Leak> all = new ArrayList<>(leaks);
        all.addAll(other.leaks);
        return new LeakReport(all, sourcesScanned + other.sourcesScanned);
    }

    @Override
    public String toString() {
        if (leaks.isEmpty()) {
            return "no leak in " + sourcesScanned + " sources";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(leaks.size()).append(" leaks of ").append(canariesFound().size()).append(" canaries in ")
                .append(bySource().size()).append(" of ").append(sourcesScanned).append(" sources:");
        leaks.stream().limit(MAX_LINES).forEach(l -> sb.append("\n  ").append(l));
        if (leaks.size() > MAX_LINES) {
            sb.append("\n  ... and ").append(leaks.size() - MAX_LINES).append(" more");
        }
        return sb.toString();
    }
}
