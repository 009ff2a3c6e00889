package org.dicomdeid.policy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private static final int MAX_ID = 64;

    private PseudonymLookup() {
    }

    /** Original Patient ID → subject ID; {@code place} names the setting in messages. */
    static Map<String, String> read(Path csv, String place) throws PolicyException {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> subjects = check(csv, place, problems);
        for (Problem p : problems) {
            if (p.error()) {
                throw new PolicyException(place + ": " + csv + (p.line() > 0 ? " line " + p.line() + ": " : ": ")
                        + p.message()); // a line of the table, not of the policy: not PolicyException.line()
            }
        }
        return subjects;
    }

    /** One problem of the table: its line (0: the whole file), never a value of it. */
    record Problem(int line, boolean error, String message) {
    }

    /**
     * Reads the table, adding every problem to {@code problems} (errors make the table unusable;
     * warnings are for {@code deid lint}); returns what could be read.
     */
    static Map<String, String> check(Path csv, String place, List<Problem> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            problems.add(new Problem(0, true, "not UTF-8 text"));
            return Map.of();
        } catch (IOException e) {
            problems.add(new Problem(0, true, "cannot read (" + e.getClass().getSimpleName() + ")"));
            return Map.of();
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
            if (original.isEmpty() || subject.isEmpty()) {
                problems.add(new Problem(lineNo, true, "expected two non-empty cells, originalId,subjectId"));
                continue;
            }
            Integer earlier = lineOfOriginal.putIfAbsent(original, lineNo);
            if (earlier != null) {
                problems.add(new Problem(lineNo, true, "the original ID of line " + earlier + " is listed again"));
                continue;
            }
            earlier = lineOfSubject.putIfAbsent(subject, lineNo);
            if (earlier != null) {
                problems.add(new Problem(lineNo, true, "the subject ID of line " + earlier
                        + " is given to a second original ID (two patients would become one subject)"));
                continue;
            }
            if (subject.length() > MAX_ID) {
                problems.add(new Problem(lineNo, false, "the subject ID is longer than " + MAX_ID
                        + " characters (Patient ID is a LO): it will be cut"));
            }
            subjects.put(original, subject);
        }
        // A subject ID that is another patient's original ID: outputs would carry a real patient's ID.
        lineOfSubject.forEach((subject, lineNo) -> {
            Integer other = lineOfOriginal.get(subject);
            if (other != null && !other.equals(lineNo)) {
                problems.add(new Problem(lineNo, false, "the subject ID is the original ID of line " + other
                        + " (a pseudonym must not be a real patient's ID)"));
            }
        });
        problems.sort(java.util.Comparator.comparingInt(Problem::line));
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
