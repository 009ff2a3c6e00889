package org.dicomdeid.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CompressedFrameDecoder;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns encapsulated pixel data into native pixel data with the codecs PixelMed finds (Java's
 * JPEG reader for 8-bit JPEG, PixelMed's for JPEG lossless, PixelMed's RLE), so it can be
 * blanked and written as Explicit VR Little Endian. Only the Image Pixel module and the lossy
 * compression history travel through PixelMed's decoding; the rest of the header is untouched.
 */
final class PixelDataDecoder {
    /** What the decoding may change, copied back into the instance (or removed if gone). */
    private static final List<AttributeTag> PIXEL_MODULE = List.of(
            TagFromName.SamplesPerPixel, TagFromName.PhotometricInterpretation, TagFromName.PlanarConfiguration,
            TagFromName.BitsAllocated, TagFromName.BitsStored, TagFromName.HighBit,
            TagFromName.PixelRepresentation, TagFromName.LossyImageCompression,
            TagFromName.LossyImageCompressionRatio, TagFromName.LossyImageCompressionMethod,
            TagFromName.PixelData);
    private static final List<AttributeTag> CONTEXT = List.of(
            TagFromName.SOPClassUID, TagFromName.SOPInstanceUID, TagFromName.Rows, TagFromName.Columns,
            TagFromName.NumberOfFrames);

    static {
        // Registers PixelMed's JPEG lossless reader even when the context class loader of a
        // container did not see it at the first ImageIO use.
        CompressedFrameDecoder.scanForCodecs();
    }

    private PixelDataDecoder() {
    }

    /** @param record receives the header attributes decoding changed or removed (not Pixel Data) */
    static void decodeToExplicitLittleEndian(DicomObject object, Consumer<Attribute> record)
            throws QuarantineException {
        String transferSyntax = object.transferSyntaxUID();
        AttributeList original = object.dataset();
        AttributeList decoded;
        try {
            decoded = decode(original, transferSyntax);
        } catch (DicomException | IOException | RuntimeException e) {
            throw new QuarantineException("no usable decoder for the pixel data (transfer syntax "
                    + safeUid(transferSyntax) + ", " + e.getClass().getSimpleName()
                    + "); not passed on uncleaned", e);
        }
        for (AttributeTag tag : PIXEL_MODULE) {
            Attribute before = original.get(tag);
            Attribute after = decoded.get(tag);
            if (before != null && !tag.equals(TagFromName.PixelData) && (after == null
                    || !Attribute.getDelimitedStringValuesOrEmptyString(decoded, tag)
                    .equals(Attribute.getDelimitedStringValuesOrEmptyString(original, tag)))) {
                record.accept(before);
            }
            if (after == null) {
                original.remove(tag);
            } else {
                original.put(after);
            }
        }
        object.transferSyntaxUID(TransferSyntax.ExplicitVRLittleEndian);
    }

    private static AttributeList decode(AttributeList original, String transferSyntax)
            throws DicomException, IOException {
        AttributeList excerpt = new AttributeList();
        for (AttributeTag tag : CONTEXT) {
            copy(original, excerpt, tag);
        }
        for (AttributeTag tag : PIXEL_MODULE) {
            copy(original, excerpt, tag);
        }
        FileMetaInformation.addFileMetaInformation(excerpt, transferSyntax, "DICOMDEID");
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        excerpt.write(encoded, transferSyntax, true, true);

        AttributeList decoded = new AttributeList();
        decoded.setDecompressPixelData(true);
        decoded.read(new DicomInputStream(new ByteArrayInputStream(encoded.toByteArray())));
        Attribute pixelData = decoded.getPixelData();
        if (pixelData == null || pixelData.getVL() == 0 || pixelData instanceof
                com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames) {
            throw new DicomException("pixel data not decompressed");
        }
        // YBR from JPEG becomes RGB, planar configuration is set to what was produced, and a
        // lossy source stays declared lossy (Lossy Image Compression 01 + method) as PS3.3 wants.
        decoded.correctDecompressedImagePixelModule();
        decoded.insertLossyImageCompressionHistoryIfDecompressed();
        return decoded;
    }

    private static void copy(AttributeList from, AttributeList to, AttributeTag tag) {
        Attribute attribute = from.get(tag);
        if (attribute != null) {
            to.put(attribute);
        }
    }

    private static String safeUid(String uid) {
        return uid.matches("[0-9.]{1,64}") ? uid : "(malformed)";
    }
}
