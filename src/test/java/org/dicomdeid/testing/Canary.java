package org.dicomdeid.testing;

/**
 * A value planted in the corpus that must never reach an output. {@link Kind#isScannable()}
 * tells whether it can be searched for in bytes: binary numbers cannot (a 16-bit value
 * appears by chance everywhere).
 */
public record Canary(String value, Kind kind) {
    public enum Kind {
        /** "CNRY" + 6 hex digits: never occurs by chance; also the person name components. */
        TEXT,
        /** A UID under the corpus root; fixed width, so no canary UID is a prefix of another. */
        UID,
        DATE,
        TIME,
        DATETIME,
        AGE,
        /** A DS or IS value. */
        NUMBER,
        /** A US/SS/UL value: recorded, but not searchable in bytes. */
        BINARY_NUMBER;

        public boolean isScannable() {
            return this != BINARY_NUMBER;
        }

        /**
         * Digit-only canaries (dates, times, numbers, UIDs) only count when not glued to other
         * digits, so that "19230517" is not reported inside a random 39-digit 2.25 UID.
         */
        public boolean needsDigitBoundaries() {
            return this != TEXT;
        }

        /** Short canaries (ages like "101D") must not be counted inside a longer word either. */
        public boolean needsWordBoundaries() {
            return this == AGE;
        }
    }
}
