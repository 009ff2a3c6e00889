package org.dicomdeid.deid;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Action C on free text: keeps the words that describe (e.g. "CT CHEST W/O CONTRAST") and cuts
 * what identifies: every identifying value of the instance, however written (SMITHJOHN, smith,
 * Müller as MULLER or MUELLER's decomposed form, 山田, 12-345-678 for 12345678; see
 * {@link IdentifyingValues}), dates in any spelling ({@link TextDates}: moved by the patient's
 * shift with retain-long-modified-dates, removed otherwise), e-mail addresses, UIDs, long
 * numbers, SSN-, phone- and dashed-ID-shaped numbers.
 */
final class TextCleaner {
    private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern EMAILS = Pattern.compile("\\S+@\\S+", FLAGS);
    private static final Pattern UIDS = Pattern.compile("\\b\\d+(\\.\\d+){3,}\\b", FLAGS);
    private static final Pattern SSN = Pattern.compile("(?<!\\d)\\d{3}[- ]\\d{2}[- ]\\d{4}(?!\\d)", FLAGS);
    /** Seven or more digits in groups joined by spaces, dots, dashes or brackets, an optional +. */
    private static final Pattern PHONE = Pattern.compile("\\+?\\(?\\d[\\d ().\\-]{5,}\\d", FLAGS);
    /** Letters and digits joined by dashes, with four digits or more: MRN-12-3456, AB-1234. */
    private static final Pattern DASHED_ID = Pattern.compile("(?<![\\p{L}\\p{N}])[\\p{L}\\p{N}]+(?:-[\\p{L}\\p{N}]+)+", FLAGS);
    private static final Pattern LONG_NUMBERS = Pattern.compile("\\d{5,}", FLAGS);
    private static final Pattern SPACES = Pattern.compile("\\s{2,}", FLAGS);

    private final IdentifyingValues identifying;
    private final Function<LocalDate, LocalDate> shift; // null: dates in text are removed

    /** @param shiftDays the patient's date shift with retain-long-modified-dates, or null */
    TextCleaner(IdentifyingValues identifying, Integer shiftDays) {
        this.identifying = identifying;
        this.shift = shiftDays == null ? null : d -> d.plusDays(shiftDays);
    }

    String clean(String text) {
        List<String> shiftedDates = new ArrayList<>();
        String t = TextDates.replace(text, shift, shiftedDates);
        t = cut(t, identifying.ranges(t));
        t = EMAILS.matcher(t).replaceAll(" ");
        t = UIDS.matcher(t).replaceAll(" ");
        t = SSN.matcher(t).replaceAll(" ");
        t = removeWithDigits(t, PHONE, 7);
        t = removeWithDigits(t, DASHED_ID, 4);
        t = LONG_NUMBERS.matcher(t).replaceAll(" ");
        t = TextDates.restore(t, shiftedDates);
        return SPACES.matcher(t).replaceAll(" ").strip();
    }

    /** Removes the matches of {@code p} that hold at least {@code minDigits} digits. */
    private static String removeWithDigits(String text, Pattern p, int minDigits) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            long digits = m.group().chars().filter(Character::isDigit).count();
            m.appendReplacement(sb, Matcher.quoteReplacement(digits >= minDigits ? " " : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String cut(String text, List<int[]> ranges) {
        if (ranges.isEmpty()) {
            return text;
        }
        boolean[] gone = new boolean[text.length()];
        for (int[] r : ranges) {
            for (int i = r[0]; i < r[1]; i++) {
                gone[i] = true;
            }
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!gone[i]) {
                sb.append(text.charAt(i));
            } else if (i == 0 || !gone[i - 1]) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }
}
