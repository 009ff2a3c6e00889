package org.dicomdeid.pixel;

import java.util.List;

/**
 * What {@link PixelCleaner#clean} did to one instance. When {@link #cleanPixelDataApplies()} is
 * true the caller adds the CID 7050 code (113101, DCM, "Clean Pixel Data Option") to the
 * De-identification Method Code Sequence. Rule names come from the rules file (configuration),
 * never from the image.
 */
public record PixelCleanResult(Outcome outcome, Method method, List<String> matchedRules, int regionCount,
                               String riskReason) {

    public static final String CLEAN_PIXEL_DATA_CODE_VALUE = "113101";
    public static final String CLEAN_PIXEL_DATA_CODING_SCHEME = "DCM";
    public static final String CLEAN_PIXEL_DATA_CODE_MEANING = "Clean Pixel Data Option";

    public enum Outcome {
        /** No Pixel Data (7FE0,0010): nothing to clean. */
        NO_PIXEL_DATA,
        /** No rule matches and nothing suggests burned-in text: pixels untouched. */
        NOT_NEEDED,
        /** Regions were blanked; Burned In Annotation is now NO and overlays are gone. */
        CLEANED,
        /**
         * At risk ({@link #riskReason()}) but no rule matches, and the cleaner was configured not
         * to quarantine such images: pixels untouched, the caller should record this.
         */
        UNMATCHED_RISK_PASSED
    }

    public enum Method {
        NONE,
        /** Native pixel data in memory blanked in place; the transfer syntax is unchanged. */
        NATIVE_IN_PLACE,
        /**
         * Native pixel data left in its file and blanked while it is copied to the output, frame
         * after frame: memory does not grow with its size. The transfer syntax is unchanged.
         */
        NATIVE_STREAMED,
        /** JPEG baseline kept; only the blocks under the regions were rewritten (lossless). */
        JPEG_BASELINE_BLOCKS,
        /** Encapsulated pixel data decoded, blanked, now Explicit VR Little Endian. */
        DECODED_TO_NATIVE
    }

    public PixelCleanResult {
        matchedRules = List.copyOf(matchedRules);
    }

    static PixelCleanResult noPixelData() {
        return new PixelCleanResult(Outcome.NO_PIXEL_DATA, Method.NONE, List.of(), 0, null);
    }

    static PixelCleanResult notNeeded() {
        return new PixelCleanResult(Outcome.NOT_NEEDED, Method.NONE, List.of(), 0, null);
    }

    static PixelCleanResult unmatchedRisk(String riskReason) {
        return new PixelCleanResult(Outcome.UNMATCHED_RISK_PASSED, Method.NONE, List.of(), 0, riskReason);
    }

    static PixelCleanResult cleaned(Method method, List<String> rules, int regions, String riskReason) {
        return new PixelCleanResult(Outcome.CLEANED, method, rules, regions, riskReason);
    }

    public boolean cleanPixelDataApplies() {
        return outcome == Outcome.CLEANED;
    }
}
