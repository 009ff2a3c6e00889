package org.dicomdeid.deid;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Shifts every date of one patient by the same number of days, derived from the project secret
 * and the patient, so intervals survive (retain-long-modified-dates). Times of day are kept;
 * a DT keeps its time and offset, only its date moves.
 */
public final class DateShifter {
    /** Shifts lie between 1 and this many days into the past. */
    static final int MAX_SHIFT_DAYS = 3650;
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final int shiftDays;

    private DateShifter(int shiftDays) {
        this.shiftDays = shiftDays;
    }

    public static DateShifter forPatient(ProjectSecret secret, String patientKey) {
        byte[] h = secret.hmac("date-shift", patientKey);
        int n = ((h[0] & 0xFF) << 16) | ((h[1] & 0xFF) << 8) | (h[2] & 0xFF);
        return new DateShifter(-(1 + n % MAX_SHIFT_DAYS));
    }

    public int shiftDays() {
        return shiftDays;
    }

    /** A DA value (or a DA range "a-b"); empty when it is not a date this can read. */
    public Optional<String> shiftDate(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return Optional.of(v);
        }
        if (v.contains("-")) {
            String[] parts = v.split("-", -1);
            if (parts.length != 2) {
                return Optional.empty();
            }
            Optional<String> a = parts[0].isEmpty() ? Optional.of("") : shiftDate(parts[0]);
            Optional<String> b = parts[1].isEmpty() ? Optional.of("") : shiftDate(parts[1]);
            return a.isPresent() && b.isPresent() ? Optional.of(a.get() + "-" + b.get()) : Optional.empty();
        }
        try {
            String d = v.replace(".", ""); // the retired ACR-NEMA form yyyy.mm.dd
            if (d.length() != 8) {
                return Optional.empty();
            }
            return Optional.of(LocalDate.parse(d, DA).plusDays(shiftDays).format(DA));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A DT value: the first eight characters are the date; a DT of only a year or month is dropped. */
    public Optional<String> shiftDateTime(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return Optional.of(v);
        }
        if (v.length() < 8) {
            return Optional.empty();
        }
        return shiftDate(v.substring(0, 8)).map(d -> d + v.substring(8));
    }
}
