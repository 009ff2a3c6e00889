package org.dicomdeid.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import org.dicomdeid.pixel.PixelCleanResult.Outcome;
import org.dicomdeid.pixel.TestImages.Spec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When to clean, when to quarantine, and what the header says afterwards. */
class PixelCleanerTest {
    private static final Spec MONO8 = new Spec("MONOCHROME2", 1, 8, 8, false, 0, 1, 32, 48);
    private static final Region TEXT = new Region(2, 2, 40, 12);
    private static final RedactionRules CT_ONLY = RedactionRules.parse("""
            rules:
              - name: ct-banner
                when: {Modality: CT}
                regions: [{x: 2, y: 2, width: 40, height: 12}]
            """, "test");
    private static final AttributeTag OVERLAY_ROWS = new AttributeTag(0x6000, 0x0010);
    private static final AttributeTag OVERLAY_DATA = new AttributeTag(0x6000, 0x3000);
    private static final AttributeTag SECOND_OVERLAY_DATA = new AttributeTag(0x6002, 0x3000);
    private static final AttributeTag ICON_IMAGE_SEQUENCE = new AttributeTag(0x0088, 0x0200);

    @Test
    void ultrasoundWithoutMatchingRuleIsQuarantined() throws Exception {
        DicomObject us = TestImages.create(MONO8, TEXT, TestImages.US_IMAGE_STORAGE, "US");
        byte[] pixels = us.dataset().getPixelData().getByteValues().clone();

        assertThatThrownBy(() -> new PixelCleaner(CT_ONLY, true).clean(us))
                .isInstanceOf(QuarantineException.class)
                .hasMessage("ultrasound image (burned-in annotation is usual) and no pixel redaction rule matches");
        assertThat(us.dataset().getPixelData().getByteValues()).isEqualTo(pixels);
    }

    @Test
    void modalityUsAloneMakesAnImageRisky() throws Exception {
        DicomObject us = TestImages.create(MONO8, TEXT, TestImages.CT_IMAGE_STORAGE, "US");
        assertThatThrownBy(() -> new PixelCleaner(RedactionRules.none(), true).clean(us))
                .hasMessageContaining("ultrasound");
    }

    @Test
    void secondaryCaptureWithoutMatchingRuleIsQuarantined() throws Exception {
        DicomObject sc = TestImages.create(MONO8, TEXT, "1.2.840.10008.5.1.4.1.1.7", "OT");
        assertThatThrownBy(() -> new PixelCleaner(CT_ONLY, true).clean(sc))
                .isInstanceOf(QuarantineException.class).hasMessageContaining("secondary capture");
    }

    @Test
    void burnedInAnnotationYesWithoutRuleIsQuarantined() throws Exception {
        DicomObject mr = TestImages.create(MONO8, TEXT, "1.2.840.10008.5.1.4.1.1.4", "MR");
        mr.dataset().replace(TagFromName.BurnedInAnnotation, "YES");
        assertThatThrownBy(() -> new PixelCleaner(CT_ONLY, true).clean(mr))
                .isInstanceOf(QuarantineException.class)
                .hasMessageContaining("Burned In Annotation (0028,0301) is YES");
    }

    @Test
    void regionsEntirelyOutsideTheImageDoNotCountAsAMatch() throws Exception {
        DicomObject us = TestImages.create(MONO8, TEXT, TestImages.US_IMAGE_STORAGE, "US");
        RedactionRules offImage = RedactionRules.parse("""
                rules: [{name: elsewhere, when: {Modality: US}, regions: [{x: 500, y: 0, width: 10, height: 10}]}]
                """, "test");
        assertThatThrownBy(() -> new PixelCleaner(offImage, true).clean(us))
                .hasMessageContaining("regions all lie outside the image");
    }

    @Test
    void unmatchedRiskPassesUntouchedWhenConfiguredSo() throws Exception {
        DicomObject us = TestImages.create(MONO8, TEXT, TestImages.US_IMAGE_STORAGE, "US");
        byte[] pixels = us.dataset().getPixelData().getByteValues().clone();

        PixelCleanResult result = new PixelCleaner(CT_ONLY, false).clean(us);

        assertThat(result.outcome()).isEqualTo(Outcome.UNMATCHED_RISK_PASSED);
        assertThat(result.riskReason()).contains("ultrasound");
        assertThat(result.cleanPixelDataApplies()).isFalse();
        assertThat(us.dataset().getPixelData().getByteValues()).isEqualTo(pixels);
        assertThat(us.dataset().get(TagFromName.BurnedInAnnotation)).isNull();
    }

    @Test
    void imageWithoutRiskOrRuleIsLeftAlone() throws Exception {
        DicomObject mr = TestImages.create(MONO8, TEXT, "1.2.840.10008.5.1.4.1.1.4", "MR");
        byte[] pixels = mr.dataset().getPixelData().getByteValues().clone();

        PixelCleanResult result = new PixelCleaner(CT_ONLY, true).clean(mr);

        assertThat(result.outcome()).isEqualTo(Outcome.NOT_NEEDED);
        assertThat(mr.dataset().getPixelData().getByteValues()).isEqualTo(pixels);
    }

    @Test
    void instanceWithoutPixelDataIsNotAnImage() throws Exception {
        AttributeList sr = TestImages.header("1.2.840.10008.5.1.4.1.1.88.11", "SR");
        PixelCleanResult result = new PixelCleaner(CT_ONLY, true).clean(new DicomObject(sr, "1.2.840.10008.1.2.1"));
        assertThat(result.outcome()).isEqualTo(Outcome.NO_PIXEL_DATA);
    }

    @Test
    void cleaningDeclaresCleanRemovesOverlaysAndIconAndRecordsOriginals() throws Exception {
        DicomObject ct = TestImages.create(MONO8, TEXT, TestImages.CT_IMAGE_STORAGE, "CT");
        AttributeList list = ct.dataset();
        list.replace(TagFromName.BurnedInAnnotation, "YES");
        list.replace(OVERLAY_ROWS, "32");
        OtherByteAttribute overlay = new OtherByteAttribute(OVERLAY_DATA);
        overlay.setValues(new byte[] {1, 2, 3, 4});
        list.put(overlay);
        OtherByteAttribute second = new OtherByteAttribute(SECOND_OVERLAY_DATA);
        second.setValues(new byte[] {5, 6});
        list.put(second);
        list.put(new SequenceAttribute(ICON_IMAGE_SEQUENCE));
        AttributeList originals = new AttributeList();

        PixelCleanResult result = new PixelCleaner(CT_ONLY, true).clean(ct, originals);

        assertThat(result.outcome()).isEqualTo(Outcome.CLEANED);
        assertThat(result.cleanPixelDataApplies()).isTrue();
        assertThat(result.matchedRules()).containsExactly("ct-banner");
        assertThat(result.regionCount()).isEqualTo(1);
        assertThat(result.riskReason()).contains("YES");
        assertThat(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.BurnedInAnnotation)).isEqualTo("NO");
        assertThat(list.keySet()).noneMatch(tag -> ((AttributeTag) tag).getGroup() >= 0x6000
                && ((AttributeTag) tag).getGroup() <= 0x601E);
        assertThat(list.get(ICON_IMAGE_SEQUENCE)).isNull();
        assertThat(Attribute.getSingleStringValueOrEmptyString(originals, TagFromName.BurnedInAnnotation)).isEqualTo("YES");
        assertThat(originals.keySet()).contains(OVERLAY_ROWS, OVERLAY_DATA, SECOND_OVERLAY_DATA, ICON_IMAGE_SEQUENCE)
                .doesNotContain(TagFromName.PixelData);
        assertThat(PixelCleanResult.CLEAN_PIXEL_DATA_CODE_VALUE).isEqualTo("113101");
    }

    @Test
    void allMatchingRulesContributeTheirRegions() throws Exception {
        DicomObject ct = TestImages.create(MONO8, TEXT, TestImages.CT_IMAGE_STORAGE, "CT");
        RedactionRules two = RedactionRules.parse("""
                rules:
                  - {name: left, when: {Modality: CT}, regions: [{x: 0, y: 0, width: 4, height: 4}]}
                  - {name: vendor, when: {Manufacturer: {regex: "(?i)test.*"}}, regions: [{x: 40, y: 20, width: 8, height: 12}]}
                  - {name: other, when: {Modality: MR}, regions: [{x: 10, y: 10, width: 4, height: 4}]}
                """, "test");

        PixelCleanResult result = new PixelCleaner(two, true).clean(ct);

        assertThat(result.matchedRules()).containsExactly("left", "vendor");
        byte[] pixels = ct.dataset().getPixelData().getByteValues();
        assertThat(pixels[0]).isZero();
        assertThat(pixels[31 * 48 + 47]).isZero();
        assertThat(result.regionCount()).isEqualTo(2);
    }

    @Test
    void unsupportedPhotometricIsQuarantinedNotPassed() throws Exception {
        DicomObject ct = TestImages.create(MONO8, TEXT, TestImages.CT_IMAGE_STORAGE, "CT");
        ct.dataset().replace(TagFromName.PhotometricInterpretation, "PALETTE COLOR");
        assertThatThrownBy(() -> new PixelCleaner(CT_ONLY, true).clean(ct))
                .isInstanceOf(QuarantineException.class).hasMessageContaining("PALETTE COLOR");
    }

    @Test
    void overlayInUnusedPixelBitsIsQuarantined() throws Exception {
        DicomObject ct = TestImages.create(MONO8, TEXT, TestImages.CT_IMAGE_STORAGE, "CT");
        ct.dataset().replace(new AttributeTag(0x6004, 0x0010), "32");
        assertThatThrownBy(() -> new PixelCleaner(CT_ONLY, true).clean(ct))
                .isInstanceOf(QuarantineException.class).hasMessageContaining("unused bits");
    }

    @Test
    void truncatedPixelDataIsQuarantined() throws Exception {
        DicomObject ct = TestImages.create(MONO8, TEXT, TestImages.CT_IMAGE_STORAGE, "CT");
        ct.dataset().replace(TagFromName.Rows, "64");
        assertThatThrownBy(() -> new PixelCleaner(CT_ONLY, true).clean(ct))
                .isInstanceOf(QuarantineException.class).hasMessageContaining("shorter");
    }
}
