package org.dicomdeid.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a large multi-frame 16-bit instance without ever holding its pixels: the header through
 * PixelMed, then a Pixel Data element whose frames are made on the fly (each frame different, so
 * a lost or reordered frame shows).
 */
public final class BigMultiFrame {
    static final String PATIENT_NAME = "BIGFILE^CANARY";

    private BigMultiFrame() {
    }

    public static Path write(Path file, int frames, int rows, int columns) throws Exception {
        AttributeList list = new AttributeList();
        put(list, TagFromName.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7.3"); // multi-frame grayscale word SC
        put(list, TagFromName.SOPInstanceUID, "1.2.826.0.1.3680043.9.7147.1.1");
        put(list, TagFromName.StudyInstanceUID, "1.2.826.0.1.3680043.9.7147.1.2");
        put(list, TagFromName.SeriesInstanceUID, "1.2.826.0.1.3680043.9.7147.1.3");
        put(list, TagFromName.PatientName, PATIENT_NAME);
        put(list, TagFromName.PatientID, "BIG-0001");
        put(list, TagFromName.Modality, "OT");
        put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        putInt(list, TagFromName.SamplesPerPixel, 1);
        putInt(list, TagFromName.Rows, rows);
        putInt(list, TagFromName.Columns, columns);
        putInt(list, TagFromName.BitsAllocated, 16);
        putInt(list, TagFromName.BitsStored, 16);
        putInt(list, TagFromName.HighBit, 15);
        putInt(list, TagFromName.PixelRepresentation, 0);
        put(list, TagFromName.NumberOfFrames, Integer.toString(frames));
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "TEST");
        long frameBytes = 2L * rows * columns;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            list.write(DicomFiles.keepOpen(out), TransferSyntax.ExplicitVRLittleEndian, true, true, false);
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            header.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'W')
                    .putShort((short) 0).putInt((int) (frameBytes * frames));
            out.write(header.array());
            byte[] frame = new byte[(int) frameBytes];
            for (int f = 0; f < frames; f++) {
                pattern(frame, f);
                out.write(frame);
            }
        }
        return file;
    }

    private static void pattern(byte[] frame, int f) {
        for (int i = 0; i < frame.length; i += 2) {
            int v = (i / 2 + f * 31) & 0x0FFF;
            frame[i] = (byte) v;
            frame[i + 1] = (byte) (v >> 8);
        }
    }

    private static void put(AttributeList list, com.pixelmed.dicom.AttributeTag tag, String value) throws Exception {
        list.putNewAttribute(tag).addValue(value);
    }

    private static void putInt(AttributeList list, com.pixelmed.dicom.AttributeTag tag, int value) throws Exception {
        list.putNewAttribute(tag).addValue(value);
    }

}
