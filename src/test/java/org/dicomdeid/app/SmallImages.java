package org.dicomdeid.app;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.deid.TestInstances;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/** Small CT images (8x8 pixels) for volume tests, and a fixed project secret to predict their UIDs. */
final class SmallImages {
    static final String ORIGINAL_ROOT = "1.2.826.0.1.3680043.10.999.";
    static final byte[] SECRET = HexFormat.of().parseHex(
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    private SmallImages() {
    }

    /** Image {@code n}: SOP Instance UID {@link #ORIGINAL_ROOT}{@code (1000+n)}, one of 17 patients. */
    static DicomObject image(int n) throws Exception {
        DicomObject object = TestInstances.ct("P" + (n % 17), "DOE^PATIENT" + (n % 17),
                ORIGINAL_ROOT + "1." + (n % 17), ORIGINAL_ROOT + "2." + (n % 17), uid(n));
        AttributeList list = object.dataset();
        TestInstances.put(list, TagFromName.Rows, "8");
        TestInstances.put(list, TagFromName.Columns, "8");
        TestInstances.put(list, TagFromName.SamplesPerPixel, "1");
        TestInstances.put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        TestInstances.put(list, TagFromName.BitsAllocated, "16");
        TestInstances.put(list, TagFromName.BitsStored, "12");
        TestInstances.put(list, TagFromName.HighBit, "11");
        TestInstances.put(list, TagFromName.PixelRepresentation, "0");
        short[] pixels = new short[64];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) ((n * 31 + i * 7) & 0x0FFF);
        }
        OtherWordAttribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
        pixelData.setValues(pixels);
        list.put(pixelData);
        return object;
    }

    static String uid(int n) {
        return ORIGINAL_ROOT + (1000 + n);
    }

    /** The project secret file deid run will use (mode 600, as it requires). */
    static void writeSecret(Path home) throws IOException {
        Path file = home.resolve("keys/pseudonym.secret");
        Files.createDirectories(file.getParent());
        Files.writeString(file, HexFormat.of().formatHex(SECRET) + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
