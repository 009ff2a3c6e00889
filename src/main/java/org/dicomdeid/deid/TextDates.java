package org.dicomdeid.deid;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates written in free text, in the spellings found in reports and descriptions: ISO and
 * compact (2019-11-19, 20191119, 2019.11.19), D/M/Y and M/D/Y with slashes, dots or dashes,
 * month names (25 Apr 1949, April 25, 1949, 14-JAN-1932, November 19th 2019) and the CJK form
 * 2019年11月19日 (or 년월일). Month names come from java.time for the locales below, not typed here.
 */
final class TextDates {
    private static final Locale[] MONTH_LOCALES = {Locale.ENGLISH, Locale.FRENCH, Locale.GERMAN};
    private static final List<List<String>> MONTH_NAMES = monthNames(); // index 0 = January
    private static final String MONTH = monthAlternation();
    private static final String ORDINAL = "(?:st|nd|rd|th)?";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

    private static final Pattern YMD = Pattern.compile(
            "(?<![\\d.])(\\d{4})([-./])(\\d{1,2})\\2(\\d{1,2})(?![\\d.])", FLAGS);
    private static final Pattern YMD_COMPACT = Pattern.compile("(?<![\\d.])(\\d{4})()(\\d{2})(\\d{2})(?![\\d.])", FLAGS);
    private static final Pattern NUMERIC_DAY_FIRST_OR_MONTH_FIRST = Pattern.compile(
            "(?<![\\d.])(\\d{1,2})([-./])(\\d{1,2})\\2(\\d{4}|\\d{2})(?![\\d.])", FLAGS);
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile(
            "(?<![\\d\\p{L}])(\\d{1,2})" + ORDINAL + "[-./\\s]+(" + MONTH + ")\\.?[-./,\\s]+(\\d{4}|\\d{2})(?![\\d\\p{L}])", FLAGS);
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile(
            "(?<![\\p{L}])(" + MONTH + ")\\.?[-\\s]+(\\d{1,2})" + ORDINAL + ",?[-\\s]+(\\d{4})(?!\\d)", FLAGS);
    private static final Pattern CJK = Pattern.compile(
            "(\\d{4})\\s*[年년]\\s*(\\d{1,2})\\s*[月월]\\s*(\\d{1,2})\\s*[日일]", FLAGS);

    private TextDates() {
    }

    /**
     * Replaces every date in {@code text}: with {@code shift} applied to it and written in the same
     * spelling, or with a space where {@code shift} is null or the date is ambiguous (01/02/2019,
     * a two-digit year) and so cannot be moved truthfully.
     */
    static String replace(String text, Function<LocalDate, LocalDate> shift) {
        List<String> kept = new ArrayList<>();
        return restore(replace(text, shift, kept), kept);
    }

    /**
     * As {@link #replace(String, Function)}; when {@code kept} is not null, each shifted date is
     * added to it and stands in the result as a placeholder ({@link #placeholder}) that later
     * patterns (long numbers, phone numbers) cannot match; {@link #restore} puts them back.
     */
    static String replace(String text, Function<LocalDate, LocalDate> shift, List<String> kept) {
        return replaceAll(text, shift, kept);
    }

    private static final char PLACEHOLDER_BASE = '\uE100';

    static String placeholder(int index) {
        return "\uE000" + (char) (PLACEHOLDER_BASE + index) + "\uE001";
    }

    static String restore(String text, List<String> kept) {
        String t = text;
        for (int i = 0; i < kept.size(); i++) {
            t = t.replace(placeholder(i), kept.get(i));
        }
        return t;
    }

    private static String replaceAll(String text, Function<LocalDate, LocalDate> shift, List<String> kept) {
        String t = replace(text, CJK, kept, m -> date(m.group(1), m.group(2), m.group(3))
                .map(shift == null ? d -> null : shift)
                .map(d -> d.getYear() + yearMark(m.group()) + d.getMonthValue() + monthMark(m.group())
                        + d.getDayOfMonth() + dayMark(m.group())));
        for (Pattern ymd : new Pattern[] {YMD, YMD_COMPACT}) {
            t = replace(t, ymd, kept, m -> date(m.group(1), m.group(3), m.group(4)).map(shift == null ? d -> null : shift)
                    .map(d -> String.format("%04d%s%02d%s%02d", d.getYear(), m.group(2), d.getMonthValue(),
                            m.group(2), d.getDayOfMonth())));
        }
        t = replace(t, DAY_MONTH_YEAR, kept, m -> m.group(3).length() != 4 ? Optional.empty()
                : date(m.group(3), Integer.toString(month(m.group(2))), m.group(1))
                .map(shift == null ? d -> null : shift)
                .map(d -> d.getDayOfMonth() + " " + monthName(d, m.group(2)) + " " + d.getYear()));
        t = replace(t, MONTH_DAY_YEAR, kept, m -> date(m.group(3), Integer.toString(month(m.group(1))), m.group(2))
                .map(shift == null ? d -> null : shift)
                .map(d -> monthName(d, m.group(1)) + " " + d.getDayOfMonth() + ", " + d.getYear()));
        return replace(t, NUMERIC_DAY_FIRST_OR_MONTH_FIRST, kept, m -> {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(3));
            if (m.group(4).length() != 4 || (a <= 12 && b <= 12 && a != b)) {
                return Optional.empty(); // which is the day cannot be known, or the century
            }
            boolean dayFirst = a > 12 || a == b;
            return date(m.group(4), Integer.toString(dayFirst ? b : a), Integer.toString(dayFirst ? a : b))
                    .map(shift == null ? d -> null : shift)
                    .map(d -> format(d, dayFirst, m.group(2)));
        });
    }

    private static String format(LocalDate d, boolean dayFirst, String sep) {
        int first = dayFirst ? d.getDayOfMonth() : d.getMonthValue();
        int second = dayFirst ? d.getMonthValue() : d.getDayOfMonth();
        return String.format("%02d%s%02d%s%04d", first, sep, second, sep, d.getYear());
    }

    /** Spellings already made: a patient's birth date recurs in every one of their instances. */
    private static final java.util.Map<LocalDate, Set<String>> SPELLINGS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Every spelling of {@code date} this class recognises, folded as {@link NormalisedText} folds text. */
    static Set<String> foldedSpellings(LocalDate date) {
        Set<String> known = SPELLINGS.get(date);
        if (known != null) {
            return known;
        }
        if (SPELLINGS.size() > 10_000) {
            SPELLINGS.clear(); // a bound, not a policy: any date can be spelled again
        }
        Set<String> spellings = java.util.Collections.unmodifiableSet(spell(date));
        SPELLINGS.put(date, spellings);
        return spellings;
    }

    private static Set<String> spell(LocalDate date) {
        Set<String> out = new LinkedHashSet<>();
        String y = Integer.toString(date.getYear());
        String yy = String.format("%02d", date.getYear() % 100);
        List<String> days = variants(date.getDayOfMonth());
        List<String> months = variants(date.getMonthValue());
        for (String d : days) {
            for (String m : months) {
                out.add(y + m + d);
                out.add(d + m + y);
                out.add(m + d + y);
            }
        }
        out.add(String.format("%02d%02d%s", date.getDayOfMonth(), date.getMonthValue(), yy));
        out.add(String.format("%02d%02d%s", date.getMonthValue(), date.getDayOfMonth(), yy));
        for (String name : MONTH_NAMES.get(date.getMonthValue() - 1)) {
            String n = NormalisedText.key(name);
            for (String d : List.of(Integer.toString(date.getDayOfMonth()), String.format("%02d", date.getDayOfMonth()),
                    date.getDayOfMonth() + ordinal(date.getDayOfMonth()))) {
                out.add(d + n + y);
                out.add(d + n + yy);
                out.add(n + d + y);
                out.add(y + n + d);
            }
        }
        for (String d : days) {
            for (String m : months) {
                out.add(y + "年" + m + "月" + d + "日");
                out.add(y + "년" + m + "월" + d + "일");
            }
        }
        return out;
    }

    private static List<String> variants(int n) {
        return n < 10 ? List.of(Integer.toString(n), "0" + n) : List.of(Integer.toString(n));
    }

    private static String ordinal(int day) {
        if (day >= 11 && day <= 13) {
            return "th";
        }
        return switch (day % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private interface Replacer {
        Optional<String> replacement(Matcher m);
    }

    private static String replace(String text, Pattern p, List<String> kept, Replacer r) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        do {
            String replacement;
            try {
                replacement = r.replacement(m).orElse(" ");
                if (kept != null && !replacement.equals(" ") && kept.size() < 0x1000) {
                    kept.add(replacement);
                    replacement = placeholder(kept.size() - 1);
                }
            } catch (DateTimeException | NumberFormatException e) {
                replacement = " "; // looks like a date but is none: it still goes
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }

    private static Optional<LocalDate> date(String year, String month, String day) {
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day)));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int month(String name) {
        String key = NormalisedText.key(name);
        for (int i = 0; i < 12; i++) {
            for (String n : MONTH_NAMES.get(i)) {
                if (NormalisedText.key(n).equals(key)) {
                    return i + 1;
                }
            }
        }
        throw new NumberFormatException("no month");
    }

    /** The month of {@code d} written like {@code like}: full or short English name, in its case. */
    private static String monthName(LocalDate d, String like) {
        Month m = d.getMonth();
        String name = m.getDisplayName(NormalisedText.key(like).length() > 3 ? TextStyle.FULL : TextStyle.SHORT,
                Locale.ENGLISH);
        if (like.equals(like.toUpperCase(Locale.ROOT))) {
            return name.toUpperCase(Locale.ROOT);
        }
        return like.equals(like.toLowerCase(Locale.ROOT)) ? name.toLowerCase(Locale.ROOT) : name;
    }

    private static String yearMark(String s) {
        return s.contains("년") ? "년" : "年";
    }

    private static String monthMark(String s) {
        return s.contains("월") ? "월" : "月";
    }

    private static String dayMark(String s) {
        return s.contains("일") ? "일" : "日";
    }

    private static List<List<String>> monthNames() {
        List<List<String>> names = new ArrayList<>();
        for (Month m : Month.values()) {
            Set<String> forms = new LinkedHashSet<>();
            for (Locale l : MONTH_LOCALES) {
                for (TextStyle style : new TextStyle[] {TextStyle.FULL, TextStyle.SHORT, TextStyle.FULL_STANDALONE,
                        TextStyle.SHORT_STANDALONE}) {
                    String n = m.getDisplayName(style, l).replace(".", "");
                    if (n.length() >= 3 && !n.chars().allMatch(Character::isDigit)) {
                        forms.add(n);
                    }
                }
            }
            names.add(new ArrayList<>(forms));
        }
        return names;
    }

    private static String monthAlternation() {
        List<String> all = new ArrayList<>();
        MONTH_NAMES.forEach(all::addAll);
        all.sort((a, b) -> b.length() - a.length()); // longest first: "April" before "Apr"
        StringBuilder sb = new StringBuilder();
        for (String n : all) {
            sb.append(sb.length() == 0 ? "" : "|").append(Pattern.quote(n));
        }
        return sb.toString();
    }
}
