package org.dicomdeid.camel;

import org.dicomdeid.pipeline.AuditRecord;
import org.dicomdeid.pipeline.Outcome;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of instance outcomes, in the Prometheus text format: per route and outcome, quarantines
 * per reason class, input bytes, processing time, and whether each destination's last delivery
 * succeeded. Labels hold route ids, outcome names, reason classes and destination names only.
 */
public final class OutcomeMetrics {
    private final Map<String, LongAdder> instances = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> millis = new ConcurrentHashMap<>();
    private final Map<String, Boolean> destinations = new ConcurrentHashMap<>();

    void record(AuditRecord r) {
        String route = label("route", r.route());
        count(instances, route + "," + label("outcome", r.outcome().label()), 1);
        if (r.outcome() != Outcome.DELIVERED && r.reason() != null) {
            count(reasons, route + "," + label("outcome", r.outcome().label()) + "," + label("reason", r.reason()), 1);
        }
        count(bytes, route, r.bytes());
        count(millis, route, r.millis());
    }

    void destination(String name, boolean up) {
        destinations.put(label("destination", name), up);
    }

    /** Instances counted so far with this outcome, all routes (for summaries and tests). */
    public long total(Outcome outcome) {
        String suffix = label("outcome", outcome.label());
        return instances.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    private static void count(Map<String, LongAdder> map, String key, long n) {
        map.computeIfAbsent(key, k -> new LongAdder()).add(n);
    }

    public void render(StringBuilder out) {
        family(out, "deid_instances_total", "counter", "Inputs processed, by route and outcome", instances);
        family(out, "deid_quarantined_total", "counter",
                "Inputs not delivered (quarantined, dropped, failed), by route, outcome and reason class", reasons);
        family(out, "deid_input_bytes_total", "counter", "Bytes of the inputs processed, by route", bytes);
        out.append("# HELP deid_processing_seconds Processing time of inputs, by route\n");
        out.append("# TYPE deid_processing_seconds summary\n");
        new TreeMap<>(millis).forEach((k, v) -> {
            out.append("deid_processing_seconds_sum{").append(k).append("} ").append(v.sum() / 1000.0).append('\n');
        });
        new TreeMap<>(millis).forEach((k, v) -> {
            String outcomes = k + ",";
            long count = instances.entrySet().stream().filter(e -> e.getKey().startsWith(outcomes))
                    .mapToLong(e -> e.getValue().sum()).sum();
            out.append("deid_processing_seconds_count{").append(k).append("} ").append(count).append('\n');
        });
        out.append("# HELP deid_destination_up 1 when the last delivery to the destination succeeded, 0 when it failed\n");
        out.append("# TYPE deid_destination_up gauge\n");
        new TreeMap<>(destinations).forEach((k, v) -> out.append("deid_destination_up{").append(k).append("} ")
                .append(v ? 1 : 0).append('\n'));
    }

    private static void family(StringBuilder out, String name, String type, String help, Map<String, LongAdder> values) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        new TreeMap<>(values).forEach((k, v) -> out.append(name).append('{').append(k).append("} ").append(v.sum()).append('\n'));
    }

    /** {@code name="value"} with the value escaped as the text format wants. */
    public static String label(String name, String value) {
        String v = String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return name + "=\"" + v + "\"";
    }
}
