package org.dicomdeid.testing;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads files straight with PixelMed, independently of the engine's reader, for test checks. */
public final class TestDicom {
    private TestDicom() {
    }

    /** The whole file (meta information included), pixel data left compressed. */
    public static AttributeList read(Path file) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        try (DicomInputStream in = new DicomInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            list.read(in);
        }
        return list;
    }

    /** True when PixelMed parses the file and it has a SOP Class and SOP Instance UID. */
    public static boolean isCompositeInstance(Path file) {
        try {
            AttributeList list = read(file);
            return !com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID).isEmpty()
                    && !com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID)
                            .isEmpty();
        } catch (IOException | DicomException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the file has the Part 10 "DICM" prefix at offset 128. */
    public static boolean hasPart10Prefix(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        }
    }
}
