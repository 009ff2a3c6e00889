package org.dicomdeid.deid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Action C on free text: keeps the words that describe (e.g. "CT CHEST W/O CONTRAST") and cuts
 * what identifies: every identifying value found elsewhere in the same instance (names and their
 * components, IDs, addresses, institutions, dates), anything shaped like a date, a long number
 * (IDs, phone numbers), an e-mail address or a UID.
 */
final class TextCleaner {
    private static final Pattern DATES = Pattern.compile(
            "\\b\\d{4}[-./]?\\d{1,2}[-./]?\\d{1,2}\\b|\\b\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}\\b");
    private static final Pattern LONG_NUMBERS = Pattern.compile("\\d{5,}");
    private static final Pattern EMAILS = Pattern.compile("\\S+@\\S+");
    private static final Pattern UIDS = Pattern.compile("\\b\\d+(\\.\\d+){3,}\\b");
    private static final Pattern SPACES = Pattern.compile("\\s{2,}");

    private final List<Pattern> identifying;

    /** @param identifyingValues values the profile removes from this instance; shorter than 3 characters are ignored */
    TextCleaner(Set<String> identifyingValues) {
        Set<String> tokens = new HashSet<>();
        for (String v : identifyingValues) {
            String s = v.strip();
            addToken(tokens, s);
            for (String part : s.split("[\\^=\\s,]+")) {
                addToken(tokens, part);
            }
        }
        List<String> sorted = new ArrayList<>(tokens);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest first
        identifying = new ArrayList<>();
        for (String t : sorted) {
            identifying.add(Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(t) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }
    }

    private static void addToken(Set<String> tokens, String s) {
        if (s.length() >= 3) {
            tokens.add(s.toLowerCase(Locale.ROOT));
        }
    }

    String clean(String text) {
        String t = text;
        for (Pattern p : identifying) {
            t = p.matcher(t).replaceAll(" ");
        }
        t = EMAILS.matcher(t).replaceAll(" ");
        t = UIDS.matcher(t).replaceAll(" ");
        t = DATES.matcher(t).replaceAll(" ");
        t = LONG_NUMBERS.matcher(t).replaceAll(" ");
        return SPACES.matcher(t).replaceAll(" ").strip();
    }
}
