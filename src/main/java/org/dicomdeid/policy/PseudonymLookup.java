package org.dicomdeid.policy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trial's lookup CSV, {@code originalId,subjectId} per line (',' ';' or tab; '#' comments;
 * an optional header line; cells may be quoted; further cells are ignored). It must be a one-to-one map: an original ID
 * listed twice (which subject?) or two original IDs given one subject ID (two patients merged
 * into one subject) is an error, raised when the policy is loaded, before anything is processed.
 * Errors name the file and line numbers, never the IDs: the table holds identifying values.
 */
final class PseudonymLookup {
    private PseudonymLookup() {
    }

    /** Original Patient ID → subject ID; {@code place} names the setting in messages. */
    static Map<String, String> read(Path csv, String place) throws PolicyException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new PolicyException(place + ": " + csv + " is not UTF-8 text");
        } catch (IOException e) {
            throw new PolicyException(place + ": cannot read " + csv + " (" + e.getClass().getSimpleName() + ")");
        }
        Map<String, String> subjects = new HashMap<>();
        Map<String, Integer> lineOfOriginal = new HashMap<>();
        Map<String, Integer> lineOfSubject = new HashMap<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("[,;\\t]", -1);
            String original = unquote(cells[0]);
            String subject = cells.length >= 2 ? unquote(cells[1]) : "";
            boolean header = first && isHeader(original);
            first = false;
            if (header) {
                continue;
            }
            String where = place + ": " + csv + " line " + lineNo + ": ";
            if (original.isEmpty() || subject.isEmpty()) {
                throw new PolicyException(where + "expected two non-empty cells, originalId,subjectId");
            }
            Integer earlier = lineOfOriginal.putIfAbsent(original, lineNo);
            if (earlier != null) {
                throw new PolicyException(where + "the original ID of line " + earlier + " is listed again");
            }
            earlier = lineOfSubject.putIfAbsent(subject, lineNo);
            if (earlier != null) {
                throw new PolicyException(where + "the subject ID of line " + earlier
                        + " is given to a second original ID (two patients would become one subject)");
            }
            subjects.put(original, subject);
        }
        return Map.copyOf(subjects);
    }

    private static boolean isHeader(String firstCell) {
        return firstCell.toLowerCase(Locale.ROOT).matches("original.*|patient.*");
    }

    private static String unquote(String cell) {
        String c = cell.strip();
        if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
            c = c.substring(1, c.length() - 1);
        }
        return c.strip();
    }
}
