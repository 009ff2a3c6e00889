package org.dicomdeid.testing;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Makes unique canary values, one kind per VR family. Every value is unique within a corpus
 * and across corpora with different {@code corpusId}s (1..15).
 */
final class CanaryMint {
    static final String UID_ROOT = "1.2.826.0.1.3680043.10.999.";
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final int corpusId;
    private int text;
    private int uid;
    private int date;
    private int time;
    private int dateTime;
    private int age;
    private int number;
    private int binary;

    CanaryMint(int corpusId) {
        if (corpusId < 1 || corpusId > 15) {
            throw new IllegalArgumentException("corpusId must be 1..15");
        }
        this.corpusId = corpusId;
    }

    /** "CNRY" + 6 upper-case hex digits: valid as CS, AE, SH, LO, PN component, ... */
    Canary text() {
        return new Canary(String.format("CNRY%X%05X", corpusId, text++), Canary.Kind.TEXT);
    }

    /** Fixed-width last component (6 digits, no leading zero). */
    Canary uid() {
        return new Canary(UID_ROOT + corpusId + "." + (100000 + uid++), Canary.Kind.UID);
    }

    /**
     * Dates from 1901 onwards, a distinct day each (4000 per corpus); datetimes use the 1800s so
     * a date canary never sits inside a datetime canary.
     */
    Canary date() {
        return new Canary(LocalDate.of(1901, 1, 1).plusDays((corpusId - 1) * 4000L + date++).format(DA),
                Canary.Kind.DATE);
    }

    /** HHMMSS.FFFFFF, unique through its fraction. */
    Canary time() {
        int n = time++;
        int seconds = (n * 3637 + corpusId * 101) % 86400;
        return new Canary(String.format("%02d%02d%02d.%02d%04d", seconds / 3600, seconds / 60 % 60, seconds % 60,
                corpusId, n), Canary.Kind.TIME);
    }

    Canary dateTime() {
        int n = dateTime++;
        String day = LocalDate.of(1801, 1, 1).plusDays(n * 5L + corpusId).format(DA);
        return new Canary(day + String.format("%02d%02d%02d.%02d%04d", n % 24, n * 7 % 60, n * 13 % 60, corpusId, n),
                Canary.Kind.DATETIME);
    }

    Canary age() {
        int n = age++;
        return new Canary(String.format("%03d%c", 100 + (n * 7 + corpusId) % 900, "DWMY".charAt(n % 4)), Canary.Kind.AGE);
    }

    /** A DS value: 12 characters, distinctive through its digits. */
    Canary decimal() {
        return new Canary(String.format("87.%02d%05d", corpusId, number++), Canary.Kind.NUMBER);
    }

    /** An IS value. */
    Canary integer() {
        return new Canary(String.format("87%02d%05d", corpusId, number++), Canary.Kind.NUMBER);
    }

    /** A US value; not searchable in bytes, but unique within the corpus (up to 65535 of them). */
    Canary binaryNumber() {
        return new Canary(Integer.toString(1000 + corpusId * 3000 + binary++), Canary.Kind.BINARY_NUMBER);
    }
}
