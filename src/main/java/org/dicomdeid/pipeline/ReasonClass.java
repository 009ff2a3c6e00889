package org.dicomdeid.pipeline;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The class of a quarantine reason, for counting: the reason's first clause with tags, item
 * indexes and numbers folded ({@code residual PHI in (0010,0010)[2]} and {@code residual PHI in
 * (0008,0080)} are one class), so metrics labels stay few and the audit log names a kind of
 * failure, never a place in one image. Reasons carry no value from the image (by contract);
 * folding makes sure the class carries nothing of a particular input either.
 */
public final class ReasonClass {
    private static final Pattern TAG = Pattern.compile("\\(\\p{XDigit}{4},\\p{XDigit}{4}\\)");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern HASH = Pattern.compile("#\\p{XDigit}+");
    private static final int MAX = 60;

    private ReasonClass() {
    }

    public static String of(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        String c = reason.strip();
        int colon = c.indexOf(':');
        if (colon > 0) {
            c = c.substring(0, colon);
        }
        c = TAG.matcher(c).replaceAll("(tag)");
        c = INDEX.matcher(c).replaceAll("");
        c = HASH.matcher(c).replaceAll("#");
        c = NUMBER.matcher(c).replaceAll("N");
        c = c.replaceAll("[\\s\"\\\\]+", " ").strip().toLowerCase(Locale.ROOT);
        if (c.length() > MAX) {
            c = c.substring(0, MAX);
            int open = c.lastIndexOf('(');
            if (open > 0 && open > c.lastIndexOf(')')) {
                c = c.substring(0, open); // a parenthesis cut short says nothing
            }
            c = c.strip();
        }
        return c;
    }
}
