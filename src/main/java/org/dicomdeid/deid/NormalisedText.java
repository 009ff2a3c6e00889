package org.dicomdeid.deid;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text folded for searching identifying values: letters and digits only, lower case, accents
 * removed (composed or decomposed alike), compatibility forms folded (full-width digits, ligatures),
 * ß read as ss. Each folded character remembers where it came from in the original and whether
 * a separator (space, caret, comma, dash, ...) stood before it, so a search can require word
 * boundaries and a cleaner can cut the original text.
 */
final class NormalisedText {
    /** Character classes: a boundary lies where the class changes even without a separator. */
    static final int DIGIT = 0;
    static final int LETTER = 1;
    static final int IDEOGRAPHIC = 2;

    final String folded;
    private final int[] start;      // index in the original of each folded character
    private final int[] end;        // end index (exclusive) in the original
    private final boolean[] gapBefore;

    private NormalisedText(String folded, int[] start, int[] end, boolean[] gapBefore) {
        this.folded = folded;
        this.start = start;
        this.end = end;
        this.gapBefore = gapBefore;
    }

    static NormalisedText of(String original) {
        StringBuilder sb = new StringBuilder(original.length());
        int[] start = new int[original.length() * 3 + 1];
        int[] end = new int[start.length];
        boolean[] gap = new boolean[start.length];
        boolean separator = false;
        for (int i = 0; i < original.length(); ) {
            int cp = original.codePointAt(i);
            int next = i + Character.charCount(cp);
            String piece = fold(cp);
            if (piece.isEmpty()) {
                separator = true;
            }
            for (int k = 0; k < piece.length(); k++) {
                int n = sb.length();
                if (n >= start.length) {
                    break; // more than three folded characters per original one: not in practice
                }
                start[n] = i;
                end[n] = next;
                gap[n] = separator && k == 0;
                sb.append(piece.charAt(k));
            }
            if (!piece.isEmpty()) {
                separator = false;
            }
            i = next;
        }
        return new NormalisedText(sb.toString(), start, end, gap);
    }

    /** The folded form of a value: what is searched for. */
    static String key(String value) {
        return of(value).folded;
    }

    /**
     * {@link #computeFold} of the Latin code points, computed once: nearly all text is in them,
     * and normalising one code point at a time was the costliest part of folding.
     */
    private static final String[] FOLDED_LATIN = new String[0x250];

    static {
        for (int cp = 0; cp < FOLDED_LATIN.length; cp++) {
            FOLDED_LATIN[cp] = computeFold(cp);
        }
    }

    private static String fold(int cp) {
        return cp < FOLDED_LATIN.length ? FOLDED_LATIN[cp] : computeFold(cp);
    }

    private static String computeFold(int cp) {
        if (cp == 'ß' || cp == 'ẞ') {
            return "ss";
        }
        String s = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD)
                .toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(2);
        s.codePoints().forEach(c -> {
            switch (c) {
                case 'æ' -> out.append("ae");
                case 'œ' -> out.append("oe");
                case 'ø' -> out.append('o');
                case 'ł' -> out.append('l');
                case 'đ', 'ð' -> out.append('d');
                case 'þ' -> out.append("th");
                case 'ı' -> out.append('i');
                default -> {
                    if (Character.isLetterOrDigit(c)) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    static int classOf(char c) {
        if (Character.isDigit(c)) {
            return DIGIT;
        }
        if (c < 0x80) {
            return LETTER; // the script lookup below says LATIN or COMMON for these
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return switch (script) {
            case HAN, HANGUL, HIRAGANA, KATAKANA -> IDEOGRAPHIC;
            default -> LETTER;
        };
    }

    /** Whether a word may begin or end at folded position {@code p}. */
    boolean boundaryAt(int p) {
        if (p <= 0 || p >= folded.length() || gapBefore[p]) {
            return true;
        }
        return classOf(folded.charAt(p - 1)) != classOf(folded.charAt(p));
    }

    int originalStart(int p) {
        return start[p];
    }

    int originalEnd(int pExclusive) {
        return end[pExclusive - 1];
    }
}
