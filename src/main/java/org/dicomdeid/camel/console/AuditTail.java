package org.dicomdeid.camel.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The last lines of the audit log: JSON lines (one object per instance) in the newest file of the
 * audit folder. Read from the end (at most the last MiB), so a long log costs no more than a short
 * one. A line that is not a JSON object is kept whole under {@code line}.
 */
final class AuditTail {
    private static final int MAX_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditTail() {
    }

    /** The newest regular file of {@code folder} (none when the folder is missing or empty). */
    static Optional<Path> newestLog(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .max(Comparator.comparing(AuditTail::modified).thenComparing(Path::toString));
        }
    }

    /** Its last {@code count} lines, oldest first, each as its keys and values. */
    static List<Map<String, Object>> lastLines(Path log, int count) throws IOException {
        byte[] tail;
        boolean whole;
        try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, in.length() - MAX_BYTES);
            whole = start == 0;
            tail = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(tail);
        }
        List<String> lines = new ArrayList<>(List.of(new String(tail, StandardCharsets.UTF_8).split("\n")));
        if (!whole && !lines.isEmpty()) {
            lines.remove(0);  // cut in the middle
        }
        lines.removeIf(String::isBlank);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : lines.subList(Math.max(0, lines.size() - count), lines.size())) {
            rows.add(parse(line));
        }
        return rows;
    }

    private static Map<String, Object> parse(String line) {
        try {
            Map<String, Object> row = JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { });
            if (row != null) {
                return row;
            }
        } catch (IOException e) {
            // not an object: shown as it is
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("line", line);
        return raw;
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }
}
