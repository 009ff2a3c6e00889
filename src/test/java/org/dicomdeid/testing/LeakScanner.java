package org.dicomdeid.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Searches bytes for canaries: whole files (recursively, hidden ones, quarantine copies and
 * reason files included; deflated data sets and gzip files also inflated), file and folder
 * names, and captured log text. Each canary is searched
 * case-insensitively in UTF-8, ISO-8859-1 (when different), UTF-16LE and UTF-16BE; person names
 * ("FAMILY^GIVEN") also as their components and as "GIVEN FAMILY" / "FAMILY GIVEN". Canaries
 * made of digits only count when not glued to other digits (see {@link Canary.Kind}).
 * <p>
 * Many thousands of canaries are matched in one pass: patterns are indexed by their last four
 * bytes and checked backwards only where those four bytes occur.
 */
public final class LeakScanner {
    private static final Charset[] ENCODINGS = {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1,
            StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE};
    private static final int MIN_LENGTH = 4;

    private record Pattern(byte[] bytes, String canary, Canary.Kind kind, String form, String encoding,
            int unit) {
    }

    private final Map<Integer, List<Pattern>> byTail = new HashMap<>();

    /** @param canaries value -> kind; kinds that are not scannable are ignored */
    public LeakScanner(Map<String, Canary.Kind> canaries) {
        canaries.forEach((value, kind) -> {
            if (kind.isScannable()) {
                for (String form : forms(value)) {
                    addForm(value, kind, form);
                }
            }
        });
    }

    public static LeakScanner forCorpus(CanaryCorpus corpus) {
        return new LeakScanner(corpus.canaryKinds());
    }

    /** Text canaries only: for inputs other than the canary corpus (e.g. known patient names). */
    public static LeakScanner forText(Set<String> values) {
        Map<String, Canary.Kind> map = new LinkedHashMap<>();
        values.forEach(v -> map.put(v, Canary.Kind.TEXT));
        return new LeakScanner(map);
    }

    /** A file, or a folder scanned recursively: every file's bytes and every path name under it. */
    public LeakReport scan(Path fileOrFolder) {
        List<Leak> leaks = new ArrayList<>();
        int sources = 0;
        if (Files.isDirectory(fileOrFolder)) {
            try (Stream<Path> walk = Files.walk(fileOrFolder)) {
                for (Path p : walk.sorted().toList()) {
                    if (p.equals(fileOrFolder)) {
                        continue;
                    }
                    String rel = fileOrFolder.relativize(p).toString().replace('\\', '/');
                    find(rel.getBytes(StandardCharsets.UTF_8), "name:" + rel, leaks);
                    sources++;
                    if (Files.isRegularFile(p)) {
                        scanFile(p, rel, leaks);
                        sources++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            String name = fileOrFolder.getFileName().toString();
            find(name.getBytes(StandardCharsets.UTF_8), "name:" + name, leaks);
            try {
                scanFile(fileOrFolder, name, leaks);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sources = 2;
        }
        return new LeakReport(leaks, sources);
    }

    /** The file's bytes, and what they hide compressed (deflated data set, gzip), as "NAME (inflated)". */
    private void scanFile(Path file, String source, List<Leak> leaks) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        find(bytes, source, leaks);
        HiddenContent.uncompressed(bytes).ifPresent(inner -> find(inner, source + " (inflated)", leaks));
    }

    /** Captured text (log output, a report, a message), labelled {@code source} in the report. */
    public LeakReport scanText(String source, String text) {
        return scanBytes(source, text.getBytes(StandardCharsets.UTF_8));
    }

    public LeakReport scanBytes(String source, byte[] bytes) {
        List<Leak> leaks = new ArrayList<>();
        find(bytes, source, leaks);
        return new LeakReport(leaks, 1);
    }

    /** The canary itself, and for person names its components and the usual rewritings. */
    static Set<String> forms(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        if (value.contains("^")) {
            String[] parts = value.split("\\^");
            List<String> named = new ArrayList<>();
            for (String p : parts) {
                if (p.trim().length() >= MIN_LENGTH) {
                    forms.add(p.trim());
                }
                if (!p.isBlank()) {
                    named.add(p.trim());
                }
            }
            if (named.size() >= 2) {
                forms.add(named.get(1) + " " + named.get(0));
                forms.add(named.get(0) + " " + named.get(1));
                forms.add(named.get(0) + ", " + named.get(1));
            }
        }
        forms.removeIf(f -> f.length() < MIN_LENGTH);
        return forms;
    }

    private void addForm(String canary, Canary.Kind kind, String form) {
        Set<String> seen = new HashSet<>();
        for (Charset cs : ENCODINGS) {
            if (!cs.newEncoder().canEncode(form)) {
                continue;
            }
            byte[] bytes = lower(form.getBytes(cs));
            if (!seen.add(new String(bytes, StandardCharsets.ISO_8859_1))) {
                continue; // ISO-8859-1 gives the same bytes as UTF-8 for ASCII canaries
            }
            int unit = cs.name().startsWith("UTF-16") ? 2 : 1;
            byTail.computeIfAbsent(tail(bytes, bytes.length - 1), k -> new ArrayList<>())
                    .add(new Pattern(bytes, canary, kind, form, cs.name(), unit));
        }
    }

    private void find(byte[] raw, String source, List<Leak> leaks) {
        byte[] hay = lower(raw);
        Map<String, Leak> found = new LinkedHashMap<>();
        for (int end = MIN_LENGTH - 1; end < hay.length; end++) {
            List<Pattern> candidates = byTail.get(tail(hay, end));
            if (candidates == null) {
                continue;
            }
            for (Pattern p : candidates) {
                int start = end + 1 - p.bytes().length;
                if (start >= 0 && matches(hay, start, p) && boundariesOk(hay, start, end + 1, p)
                        && !isMilliseconds(raw, end + 1, p)) {
                    String id = p.canary() + "|" + p.form() + "|" + p.encoding();
                    Leak before = found.get(id);
                    found.put(id, before == null
                            ? new Leak(p.canary(), p.kind(), source, p.encoding(), p.form(), start, 1)
                            : new Leak(p.canary(), p.kind(), source, p.encoding(), p.form(), before.offset(),
                                    before.count() + 1));
                }
            }
        }
        leaks.addAll(found.values());
    }

    private static boolean matches(byte[] hay, int start, Pattern p) {
        byte[] b = p.bytes();
        for (int i = b.length - 1; i >= 0; i--) {
            if (hay[start + i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * An age in months ("143M") matched, case folded, by a duration that logs print ("started in
     * 143ms", "delivered 143 ms" would not match): a lowercase m followed by s is a time, not an age.
     */
    private static boolean isMilliseconds(byte[] raw, int end, Pattern p) {
        return p.kind() == Canary.Kind.AGE && p.unit() == 1 && end < raw.length && end >= 1
                && raw[end - 1] == 'm' && raw[end] == 's';
    }

    /**
     * Digit-only canaries must not sit inside a longer number: digits on both sides means the
     * middle of, say, a random 2.25 UID. One digit side is still a leak: in a DICOM file the
     * next tag's group byte can be an ASCII digit (group 0x0030-0x0039 starts with '0'-'9'), and
     * a date glued to a time ("19230517" + "120000") is a date leaked into a datetime. But a date
     * or number at the start or end of a UID's random component ("2.25." + digits) is chance, not
     * a leak: with a thousand date canaries and a thousand output UIDs it would happen in about
     * one run in fifty. UID canaries themselves are always reported.
     */
    private static boolean boundariesOk(byte[] hay, int start, int end, Pattern p) {
        if (p.kind() != Canary.Kind.UID && isDigitUnit(hay, start, p) && insideUid(hay, start, end, p)) {
            // an age such as "129D" can begin at the end of a random 2.25 UID ("...419129") when the
            // next tag's group byte is a letter ((0064,0003) starts with 'd'): chance, not a leak
            return false;
        }
        if (p.kind().needsWordBoundaries()) {
            // as for digits: inside a longer word only when letters or digits stand on both sides
            return !isAlphanumericUnit(hay, start - p.unit(), p) || !isAlphanumericUnit(hay, end, p);
        }
        if (!p.kind().needsDigitBoundaries()) {
            return true;
        }
        if (isDigitUnit(hay, start - p.unit(), p) && isDigitUnit(hay, end, p)) {
            return false;
        }
        return p.kind() == Canary.Kind.UID || !insideUid(hay, start, end, p);
    }

    /**
     * Whether the match is part of, not all of, a run of digits and dots with at least two dots
     * outside the match: the shape of a UID.
     */
    private static boolean insideUid(byte[] hay, int start, int end, Pattern p) {
        int u = p.unit();
        int dots = 0;
        int left = start - u;
        while (isDigitOrDot(hay, left, p)) {
            dots += charAt(hay, left, p) == '.' ? 1 : 0;
            left -= u;
        }
        int right = end;
        while (isDigitOrDot(hay, right, p)) {
            dots += charAt(hay, right, p) == '.' ? 1 : 0;
            right += u;
        }
        boolean longer = left != start - u || right != end;
        return longer && dots >= 2;
    }

    private static boolean isDigitOrDot(byte[] hay, int at, Pattern p) {
        char c = charAt(hay, at, p);
        return c == '.' || (c >= '0' && c <= '9');
    }

    /** The ASCII character of the code unit at {@code at}; 0 outside the bytes or for other units. */
    private static char charAt(byte[] hay, int at, Pattern p) {
        if (at < 0 || at + p.unit() > hay.length) {
            return 0;
        }
        if (p.unit() == 1) {
            return (char) (hay[at] & 0xff);
        }
        boolean bigEndian = p.encoding().equals("UTF-16BE");
        byte high = hay[bigEndian ? at : at + 1];
        byte low = hay[bigEndian ? at + 1 : at];
        return high == 0 && low > 0 ? (char) low : 0;
    }

    private static boolean isAlphanumericUnit(byte[] hay, int at, Pattern p) {
        char c = charAt(hay, at, p);
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); // hay is lower-cased
    }

    private static boolean isDigitUnit(byte[] hay, int at, Pattern p) {
        char c = charAt(hay, at, p);
        return c >= '0' && c <= '9';
    }

    private static int tail(byte[] b, int end) {
        return (b[end - 3] & 0xff) << 24 | (b[end - 2] & 0xff) << 16 | (b[end - 1] & 0xff) << 8 | (b[end] & 0xff);
    }

    private static byte[] lower(byte[] in) {
        byte[] out = in.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 'A' && out[i] <= 'Z') {
                out[i] = (byte) (out[i] + 32);
            }
        }
        return out;
    }
}
