package org.dicomdeid.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where each place of a YAML document starts, in the notation of policy messages
 * ({@code rules[2].action}), and the keys given twice in one mapping. Jackson's tree forgets
 * both: a duplicate key silently replaces the first (a second {@code rules:} would drop the
 * first list), and errors could not name a line.
 */
final class YamlLines {
    /** A key given again in the same mapping: its place, and the lines of both. */
    record Duplicate(String place, int firstLine, int line) {
    }

    private static final Pattern LAST_SEGMENT = Pattern.compile("(\\.[^.\\[]*|\\[\\d+])$");

    private final Map<String, Integer> lines = new HashMap<>();
    private final List<Duplicate> duplicates = new ArrayList<>();

    private YamlLines() {
    }

    /** Indexes {@code text}; empty when it is not YAML (the tree reader reports where). */
    static YamlLines of(String text) {
        YamlLines index = new YamlLines();
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            index.walk(p);
        } catch (IOException e) {
            // not YAML: the tree reader's message names the line; what was indexed so far stays
        }
        return index;
    }

    /** One open mapping or list: the place it is at, and its keys (mapping) or next index (list). */
    private static final class Level {
        final String place;
        final Map<String, Integer> keys; // null for a list
        int nextIndex;
        String pendingKey;

        Level(String place, boolean mapping) {
            this.place = place;
            this.keys = mapping ? new HashMap<>() : null;
        }

        String child(String keyOrNull) {
            if (keys == null) {
                return place + "[" + nextIndex++ + "]";
            }
            return place.isEmpty() ? keyOrNull : place + "." + keyOrNull;
        }
    }

    private void walk(JsonParser p) throws IOException {
        Deque<Level> stack = new ArrayDeque<>();
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
            int line = p.currentTokenLocation().getLineNr();
            Level top = stack.peek();
            if (t == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                top.pendingKey = key;
                String place = top.child(key);
                Integer first = top.keys.putIfAbsent(key, line);
                if (first != null) {
                    duplicates.add(new Duplicate(place, first, line));
                } else {
                    lines.put(place, line);
                }
                continue;
            }
            if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                stack.pop();
                continue;
            }
            String place = top == null ? "" : top.keys != null ? top.child(top.pendingKey) : top.child(null);
            if (top != null && top.keys == null) {
                lines.putIfAbsent(place, line);
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                stack.push(new Level(place, t == JsonToken.START_OBJECT));
            }
        }
    }

    /**
     * The line (from 1) where {@code place} starts, e.g. {@code rules[2]} or {@code rules[2].action},
     * or of the nearest enclosing place the document has (a missing key is placed at its mapping).
     */
    Optional<Integer> line(String place) {
        String p = place;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return Optional.of(line);
            }
            String shorter = LAST_SEGMENT.matcher(p).replaceFirst("");
            if (shorter.equals(p)) {
                break;
            }
            p = shorter;
        }
        return Optional.empty();
    }

    List<Duplicate> duplicates() {
        return List.copyOf(duplicates);
    }
}
