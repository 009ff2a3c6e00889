package org.dicomdeid.deid;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import org.dicomdeid.dicom.DicomObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dicomdeid.deid.TestInstances.ct;
import static org.dicomdeid.deid.TestInstances.putPrivate;
import static org.dicomdeid.deid.TestInstances.value;

/** clean-graphics: bitmaps and curve data cannot be cleaned by text rules, so they go; their text is cleaned. */
class CleanGraphicsTest {
    private static final ProjectSecret SECRET = ProjectSecret.of(new byte[32]);

    private static void putWords(AttributeList l, AttributeTag tag) throws Exception {
        com.pixelmed.dicom.OtherWordAttribute w = new com.pixelmed.dicom.OtherWordAttribute(tag);
        w.setValues(new short[16]);
        l.put(w);
    }

    @Test
    void overlayAndCurveDataGoAndTheirTextIsCleaned() throws Exception {
        DicomObject a = ct("P1", "DOE^JANE", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1");
        AttributeList l = a.dataset();
        putPrivate(l, new AttributeTag(0x6000, 0x0010), "US", "16");
        putPrivate(l, new AttributeTag(0x6000, 0x0011), "US", "16");
        putPrivate(l, new AttributeTag(0x6000, 0x0022), "LO", "Marker by JANE DOE");
        putPrivate(l, new AttributeTag(0x6000, 0x4000), "LT", "Overlay of Doe, Jane 25 Apr 1949");
        putWords(l, new AttributeTag(0x6000, 0x3000));
        putPrivate(l, new AttributeTag(0x6002, 0x0022), "LO", "Embedded overlay of JANE DOE"); // data in pixels
        putPrivate(l, new AttributeTag(0x6002, 0x4000), "LT", "ROI by DOE JANE");
        putPrivate(l, new AttributeTag(0x5000, 0x0005), "US", "1");
        putPrivate(l, new AttributeTag(0x5000, 0x2500), "LO", "ECG JANE DOE");
        putPrivate(l, new AttributeTag(0x5000, 0x0022), "LO", "Curve of Doe Jane");
        putWords(l, new AttributeTag(0x5000, 0x3000));
        new Deidentifier(org.dicomdeid.policy.PolicyLoader.basic(List.of("clean-graphics")), SECRET).deidentify(a);

        assertThat(l.get(new AttributeTag(0x6000, 0x3000))).isNull();
        assertThat(l.get(new AttributeTag(0x6000, 0x0022))).isNull(); // the plane goes whole with its data
        assertThat(value(l, new AttributeTag(0x6002, 0x0022))).isEqualTo("Embedded overlay of");
        assertThat(value(l, new AttributeTag(0x6002, 0x4000))).isEqualTo("ROI by");
        assertThat(l.get(new AttributeTag(0x5000, 0x3000))).isNull();
        assertThat(value(l, new AttributeTag(0x5000, 0x2500))).isEqualTo("ECG");
        assertThat(value(l, new AttributeTag(0x5000, 0x0022))).isEqualTo("Curve of");
        assertThat(value(l, new AttributeTag(0x5000, 0x0005))).isEqualTo("1");
    }
}
