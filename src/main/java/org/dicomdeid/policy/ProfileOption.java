package org.dicomdeid.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * The options of the Basic Application Level Confidentiality Profile (PS3.15 E.3), by the names
 * users type, the column of Table E.1-1 that carries each one's actions, and its CID 7050 code
 * for the De-identification Method Code Sequence.
 */
public enum ProfileOption {
    RETAIN_SAFE_PRIVATE("retain-safe-private", "rtnSafePrivOpt", "113111", "Retain Safe Private Option"),
    RETAIN_UIDS("retain-uids", "rtnUIDsOpt", "113110", "Retain UIDs Option"),
    RETAIN_DEVICE_IDENTITY("retain-device-identity", "rtnDevIdOpt", "113109", "Retain Device Identity Option"),
    RETAIN_INSTITUTION_IDENTITY("retain-institution-identity", "rtnInstIdOpt", "113112",
            "Retain Institution Identity Option"),
    RETAIN_PATIENT_CHARACTERISTICS("retain-patient-characteristics", "rtnPatCharsOpt", "113108",
            "Retain Patient Characteristics Option"),
    RETAIN_LONG_FULL_DATES("retain-long-full-dates", "rtnLongFullDatesOpt", "113106",
            "Retain Longitudinal Temporal Information Full Dates Option"),
    RETAIN_LONG_MODIFIED_DATES("retain-long-modified-dates", "rtnLongModifDatesOpt", "113107",
            "Retain Longitudinal Temporal Information Modified Dates Option"),
    CLEAN_DESCRIPTORS("clean-descriptors", "cleanDescOpt", "113105", "Clean Descriptors Option"),
    CLEAN_STRUCTURED_CONTENT("clean-structured-content", "cleanStructContOpt", "113104",
            "Clean Structured Content Option"),
    CLEAN_GRAPHICS("clean-graphics", "cleanGraphOpt", "113103", "Clean Graphics Option"),
    /** Burned-in text in pixels; has no column in Table E.1-1 (the pixel package does it). */
    CLEAN_PIXEL_DATA("clean-pixel-data", null, "113101", "Clean Pixel Data Option");

    /** CID 7050 code of the profile itself, always present. */
    public static final String BASIC_PROFILE_CODE = "113100";
    public static final String BASIC_PROFILE_MEANING = "Basic Application Confidentiality Profile";

    private final String cliName;
    private final String tableColumn;
    private final String code;
    private final String codeMeaning;

    ProfileOption(String cliName, String tableColumn, String code, String codeMeaning) {
        this.cliName = cliName;
        this.tableColumn = tableColumn;
        this.code = code;
        this.codeMeaning = codeMeaning;
    }

    public String cliName() {
        return cliName;
    }

    /** The JSON key of this option's column in the table resource, or empty (pixel cleaning). */
    public Optional<String> tableColumn() {
        return Optional.ofNullable(tableColumn);
    }

    public String code() {
        return code;
    }

    public String codeMeaning() {
        return codeMeaning;
    }

    public static Optional<ProfileOption> byName(String name) {
        return Arrays.stream(values()).filter(o -> o.cliName.equalsIgnoreCase(name.trim())).findFirst();
    }

    public static String allNames() {
        return String.join(", ", Arrays.stream(values()).map(ProfileOption::cliName).toList());
    }
}
