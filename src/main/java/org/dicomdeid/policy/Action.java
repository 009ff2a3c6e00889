package org.dicomdeid.policy;

/**
 * What happens to one attribute, after compound actions of Table E.1-1 are resolved.
 * The letters are the standard's (PS3.15 E.1).
 */
public enum Action {
    /** K: keep; a kept sequence still has the rules applied inside its items. */
    KEEP("K"),
    /** X: remove. */
    REMOVE("X"),
    /** Z: replace with a zero-length value. */
    EMPTY("Z"),
    /** D: replace with a non-empty dummy consistent with the VR. */
    DUMMY("D"),
    /** C: clean: keep what carries no identifying information (see TextCleaner, DateShifter). */
    CLEAN("C"),
    /** U: replace each UID with one derived from the project secret, consistently everywhere. */
    REPLACE_UID("U"),
    /**
     * X/Z/U*: a reference sequence is kept for its UIDs, which are replaced; whatever else its
     * items hold is replaced by dummies (codes and numbers stay), as for D on a sequence.
     */
    KEEP_REFERENCES("X/Z/U*"),
    /**
     * C from retain-long-modified-dates alone: dates move by the patient's shift, times of day
     * stay; a value of this kind that is no date or time (a timezone offset, a binary timestamp)
     * cannot be shifted and is emptied. Never read from a file: the rulebook derives it.
     */
    MODIFY_DATES("C");

    private final String letter;

    Action(String letter) {
        this.letter = letter;
    }

    public String letter() {
        return letter;
    }

    /**
     * Reads one cell of Table E.1-1 or of a policy file. Compound actions depend on the
     * attribute's type in its IOD, which a generic de-identifier does not know; this project
     * takes the reading that keeps every IOD valid without retaining the value:
     * X/Z → Z, X/D, X/Z/D and Z/D → D (D is only used where a value was present),
     * X/Z/U* → {@link #KEEP_REFERENCES}: the referencing sequence is kept, its UIDs replaced and
     * the rest of its items dummied.
     */
    public static Action parse(String cell) {
        String c = cell.trim().toUpperCase(java.util.Locale.ROOT);
        return switch (c) {
            case "K" -> KEEP;
            case "X" -> REMOVE;
            case "Z", "X/Z" -> EMPTY;
            case "D", "X/D", "X/Z/D", "Z/D" -> DUMMY;
            case "C" -> CLEAN;
            case "U" -> REPLACE_UID;
            case "X/Z/U*", "X/Z/U" -> KEEP_REFERENCES;
            default -> throw new IllegalArgumentException("unknown action '" + cell
                    + "' (expected K, X, Z, D, C, U or a compound of the standard such as X/Z/D)");
        };
    }
}
