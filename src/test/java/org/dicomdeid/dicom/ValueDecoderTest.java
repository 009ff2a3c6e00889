package org.dicomdeid.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.StringAttribute;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.ValueRepresentation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The decoder's own path for ASCII text gives what PixelMed's character set decoding gives. */
class ValueDecoderTest {
    private static final String[][] CHARSETS = {
        {"ISO_IR 100"}, {"ISO_IR 192"}, {"GB18030"}, {"ISO_IR 13"}, {"ISO 2022 IR 13", "ISO 2022 IR 87"},
        {"", "ISO 2022 IR 149"}, {"ISO_IR 144"},
    };
    private static final String[] VALUES = {
        "PLAIN^ASCII", "C:\\path\\to yen~", "esc\u001b$B here", "Müller", "", "A\\B ",
    };

    @Test
    void sameAttributeAsPixelMedsDecoding() throws Exception {
        ValueDecoder decoder = new ValueDecoder(true, false);
        AttributeTag tag = new AttributeTag(0x0010, 0x0010);
        for (String[] terms : CHARSETS) {
            SpecificCharacterSet charset = new SpecificCharacterSet(terms);
            for (String v : VALUES) {
                byte[] bytes = pad(v.getBytes(StandardCharsets.ISO_8859_1));
                for (String vr : new String[] {"PN", "LO", "ST", "CS"}) {
                    byte[] vrBytes = ValueRepresentation.getValueRepresentationFromString(vr);
                    Attribute ours = decoder.decode(tag, vrBytes, bytes, 0, charset, 2, false);
                    Attribute theirs = AttributeFactory.newAttribute(tag, vrBytes, bytes.length,
                            new DicomInputStream(new ByteArrayInputStream(bytes), TransferSyntax.ExplicitVRLittleEndian,
                                    false), charset, true, 2, 0, false);
                    String what = String.join("\\", terms) + " " + vr + " " + v;
                    assertThat(ours.getClass()).as(what).isEqualTo(theirs.getClass());
                    assertThat(ours.getStringValues()).as(what).isEqualTo(theirs.getStringValues());
                    assertThat(ours.getByteValues()).as(what).isEqualTo(theirs.getByteValues());
                    assertThat(ours.getVL()).as(what).isEqualTo(theirs.getVL());
                    if (ours instanceof StringAttribute s) {
                        assertThat(s.getSpecificCharacterSet()).as(what)
                                .isSameAs(((StringAttribute) theirs).getSpecificCharacterSet());
                    }
                }
            }
        }
    }

    private static byte[] pad(byte[] b) {
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] p = java.util.Arrays.copyOf(b, b.length + 1);
        p[b.length] = ' ';
        return p;
    }
}
