package org.dicomdeid.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.DicomException;

/** Replacing the UIDs of one attribute through the {@link UidMapper}. */
final class UidValues {
    private final InstanceContext ctx;

    UidValues(InstanceContext ctx) {
        this.ctx = ctx;
    }

    /** Action U: every value mapped (standard UIDs such as SOP classes included, as the rule says). */
    Attribute replaceAll(Attribute a) throws DicomException {
        return replace(a, false);
    }

    /** Inside dummied or cleaned sequences: instance UIDs mapped, the standard's own UIDs kept. */
    Attribute replaceInstanceUids(Attribute a) throws DicomException {
        return replace(a, true);
    }

    private Attribute replace(Attribute a, boolean keepStandard) throws DicomException {
        String[] values = Attribute.getStringValues(a);
        if (values == null || values.length == 0) {
            return a;
        }
        String[] mapped = new String[values.length];
        boolean same = true;
        for (int i = 0; i < values.length; i++) {
            String v = values[i].replace("\0", "").strip();
            mapped[i] = keepStandard && UidMapper.isStandardUid(v) ? v : ctx.uids.map(v);
            same &= mapped[i].equals(v);
        }
        if (same) {
            return a;
        }
        byte[] vr = com.pixelmed.dicom.ValueRepresentation.getValueRepresentationFromString("UI");
        return Values.string(a.getTag(), vr, ctx.charset, mapped);
    }
}
