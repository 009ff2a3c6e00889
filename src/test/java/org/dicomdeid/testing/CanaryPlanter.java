package org.dicomdeid.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.UnknownAttribute;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes attributes filled with canaries appropriate to their VR and records every planting.
 * A canary is minted once per scope key: the same patient gets the same name in every file,
 * while instance-level locations each get their own.
 */
final class CanaryPlanter {
    private final CanaryMint mint;
    private final Map<String, List<Canary>> byScope = new HashMap<>();
    private final List<Planting> plantings = new ArrayList<>();
    private String currentFile = "";

    CanaryPlanter(CanaryMint mint) {
        this.mint = mint;
    }

    void startFile(String relativeName) {
        currentFile = relativeName;
    }

    List<Planting> plantings() {
        return plantings;
    }

    /**
     * The canary at {@code scope}, minted on first use. Used for values that must agree between
     * files (a study's UID) and for references (another instance's SOP Instance UID).
     */
    Canary shared(String scope, Canary.Kind kind) {
        return byScope.computeIfAbsent(scope, k -> List.of(mint(kind))).get(0);
    }

    /** Records that {@code canary} sits at {@code location} of the current file. */
    void record(Canary canary, String location) {
        plantings.add(new Planting(canary.value(), canary.kind(), currentFile, location));
    }

    /**
     * An attribute of {@code vr} holding canaries, minted once per scope (and value index).
     * Returns null for VRs that cannot carry a canary (FL, FD, AT).
     */
    Attribute attribute(AttributeTag tag, String vr, int multiplicity, String scope, String location)
            throws DicomException {
        String effectiveVr = normaliseVr(vr);
        Attribute a = AttributeFactory.newAttribute(tag, effectiveVr.getBytes(StandardCharsets.US_ASCII));
        switch (effectiveVr) {
            case "OB", "UN", "OW" -> {
                Canary c = canaries(scope, Canary.Kind.TEXT, 1).get(0);
                record(c, location);
                setBytes(a, asciiBytes("canary " + c.value() + " in " + effectiveVr + " bytes"));
            }
            case "PN" -> {
                List<Canary> parts = canaries(scope, Canary.Kind.TEXT, 2);
                parts.forEach(c -> record(c, location));
                a.addValue(parts.get(0).value() + "^" + parts.get(1).value());
            }
            case "UR" -> {
                Canary c = canaries(scope, Canary.Kind.TEXT, 1).get(0);
                record(c, location);
                a.addValue("https://example.org/" + c.value());
            }
            case "US", "SS", "UL", "SL" -> {
                for (Canary c : canaries(scope, Canary.Kind.BINARY_NUMBER, multiplicity)) {
                    record(c, location);
                    a.addValue(Integer.parseInt(c.value()));
                }
            }
            case "FL", "FD", "AT", "OF", "OD", "OL", "OV", "SV", "UV" -> {
                return null;
            }
            case "IS" -> {
                // IS needs integers although it shares the NUMBER kind with DS.
                for (Canary c : canaries(scope + "#IS", multiplicity, mint::integer)) {
                    record(c, location);
                    a.addValue(c.value());
                }
            }
            case "SQ" -> throw new IllegalArgumentException("sequences are built by the caller");
            default -> {
                for (Canary c : canaries(scope, kindForStringVr(effectiveVr), multiplicity)) {
                    record(c, location);
                    a.addValue(c.value());
                }
            }
        }
        return a;
    }

    /** Picks one VR for the dictionary's alternatives ("US or SS", "OB or OW"). */
    static String normaliseVr(String vr) {
        if (vr.startsWith("US or")) {
            return "US";
        }
        if (vr.startsWith("OB or")) {
            return "OW";
        }
        return vr;
    }

    private static Canary.Kind kindForStringVr(String vr) {
        return switch (vr) {
            case "UI" -> Canary.Kind.UID;
            case "DA" -> Canary.Kind.DATE;
            case "TM" -> Canary.Kind.TIME;
            case "DT" -> Canary.Kind.DATETIME;
            case "AS" -> Canary.Kind.AGE;
            case "DS", "IS" -> Canary.Kind.NUMBER;
            default -> Canary.Kind.TEXT;
        };
    }

    private List<Canary> canaries(String scope, Canary.Kind kind, int count) {
        return canaries(scope + "#" + kind, count, () -> mint(kind));
    }

    private List<Canary> canaries(String key, int count, java.util.function.Supplier<Canary> minter) {
        return byScope.computeIfAbsent(key, k -> {
            List<Canary> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(minter.get());
            }
            return list;
        });
    }

    private Canary mint(Canary.Kind kind) {
        return switch (kind) {
            case TEXT -> mint.text();
            case UID -> mint.uid();
            case DATE -> mint.date();
            case TIME -> mint.time();
            case DATETIME -> mint.dateTime();
            case AGE -> mint.age();
            case NUMBER -> mint.decimal();
            case BINARY_NUMBER -> mint.binaryNumber();
        };
    }

    static byte[] asciiBytes(String s) {
        byte[] raw = s.getBytes(StandardCharsets.US_ASCII);
        byte[] even = new byte[raw.length + (raw.length % 2)];
        System.arraycopy(raw, 0, even, 0, raw.length);
        return even;
    }

    static void setBytes(Attribute a, byte[] bytes) throws DicomException {
        if (a instanceof OtherWordAttribute ow) {
            ow.setValues(bytes, false);
        } else if (a instanceof OtherByteAttribute ob) {
            ob.setValues(bytes);
        } else if (a instanceof UnknownAttribute un) {
            un.setValues(bytes);
        } else {
            throw new IllegalArgumentException("not a byte attribute: " + a.getClass().getSimpleName());
        }
    }
}
