package org.dicomdeid.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What happens to free text (SH, LO, ST, LT, UT, UC, AE) in attributes that no rule names (not
 * in Table E.1-1, not in a policy rule; standard or kept private). Policy key {@code unlistedText}.
 */
public enum UnlistedText {
    /** Kept as it is (the residual-PHI scan still quarantines an instance whose text identifies). */
    KEEP,
    /** Cleaned like action C (the default): descriptive words stay, identifying values and dates go. */
    CLEAN,
    /** Removed. */
    REMOVE;

    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UnlistedText> byName(String name) {
        return Arrays.stream(values()).filter(v -> v.settingName().equals(name)).findFirst();
    }
}
