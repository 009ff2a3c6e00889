package org.dicomdeid.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.BulkValue;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Removes the JPEG marker segments that can carry text (comments, EXIF, XMP, vendor APPn; see
 * {@link JpegHeader}) from every frame of encapsulated JPEG and JPEG-LS pixel data, losslessly:
 * only segments before the first SOS go, the entropy-coded data is copied unchanged. JPEG 2000
 * (boxes, not marker segments of this kind) is left alone.
 * <p>
 * Most streams have nothing to drop: the head of each fragment is read where it lies and the
 * Pixel Data stays a bulk value, copied through byte for byte. Only when a segment is found is
 * the value read into memory and rewritten (one fragment per frame, the Basic Offset Table
 * recomputed when the input had one). The original Pixel Data is not kept among the originals
 * (as with pixel cleaning): its text is what must not travel on, not even encrypted.
 * <p>
 * A stream whose segments cannot be walked is quarantined: whether it holds text is unknown.
 */
public final class JpegSegmentStripper {
    /** JPEG baseline, extended, lossless (14 and 14 SV1), JPEG-LS lossless and near-lossless. */
    static final Set<String> MARKER_SEGMENT_SYNTAXES = Set.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51",
            "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81");
    /** Bytes read from the start of each fragment for the first look; headers are a few hundred bytes. */
    private static final int HEAD = 4096;

    private JpegSegmentStripper() {
    }

    /** @return true when segments were dropped and Pixel Data replaced */
    public static boolean strip(DicomObject object) throws QuarantineException {
        if (!MARKER_SEGMENT_SYNTAXES.contains(object.transferSyntaxUID())) {
            return false;
        }
        AttributeList list = object.dataset();
        Attribute pixels = list.get(TagFromName.PixelData);
        try {
            if (pixels instanceof BulkValue bulk && bulk.isEncapsulated()) {
                return stripBulk(object, bulk);
            }
            if (pixels instanceof OtherByteAttributeMultipleCompressedFrames inMemory) {
                return stripInMemory(list, inMemory); // after pixel cleaning, or built in memory
            }
            return false;
        } catch (IOException | DicomException e) {
            throw new QuarantineException("pixel data cannot be read to remove JPEG text segments ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean stripBulk(DicomObject object, BulkValue bulk)
            throws IOException, DicomException, QuarantineException {
        List<BulkValue.Fragment> heads = bulk.fragmentHeads(HEAD);
        if (nothingToDrop(heads)) {
            return false; // the usual case: the value stays where it is
        }
        byte[][] frames = CompressedFrames.jpegFrames(bulk.getByteValues());
        int declared = Math.max(1, Attribute.getSingleIntegerValueOrDefault(object.dataset(),
                TagFromName.NumberOfFrames, 1));
        if (frames == null || frames.length != declared) {
            throw unreadable();
        }
        if (!stripFrames(frames)) {
            return false;
        }
        object.removedByPolicy(List.of(bulk)); // replaced on purpose: the output check must not expect it
        object.dataset().put(new CompressedFrames(TagFromName.PixelData, frames, heads.get(0).length() > 0));
        return true;
    }

    private static boolean stripInMemory(AttributeList list, OtherByteAttributeMultipleCompressedFrames pixels)
            throws DicomException, QuarantineException {
        int count = pixels.getNumberOfFrames();
        byte[][] frames = new byte[count][];
        for (int i = 0; i < count; i++) {
            frames[i] = pixels.getByteValuesForSelectedFrame(i);
        }
        if (!stripFrames(frames)) {
            return false;
        }
        list.put(new CompressedFrames(TagFromName.PixelData, frames, false)); // as PixelMed writes it
        return true;
    }

    /** True only when every fragment that begins a stream shows its whole header, with nothing to drop. */
    private static boolean nothingToDrop(List<BulkValue.Fragment> fragments) {
        for (int i = 1; i < fragments.size(); i++) {
            byte[] head = fragments.get(i).head();
            boolean soi = JpegHeader.soiAt(head, 0, head.length);
            if (i == 1 && !soi) {
                return false; // look closer (and quarantine if it is no JPEG stream)
            }
            if (soi) {
                JpegHeader.Walk walk = JpegHeader.walk(head, head.length);
                if (walk.outcome() != JpegHeader.Outcome.COMPLETE || !walk.drops().isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Strips each frame in place; false when none had anything to drop. */
    private static boolean stripFrames(byte[][] frames) throws QuarantineException {
        boolean dropped = false;
        for (int i = 0; i < frames.length; i++) {
            JpegHeader.Walk walk = JpegHeader.walk(frames[i], frames[i].length);
            if (walk.outcome() != JpegHeader.Outcome.COMPLETE) {
                throw unreadable();
            }
            if (!walk.drops().isEmpty()) {
                frames[i] = JpegHeader.without(frames[i], walk.drops());
                dropped = true;
            }
        }
        return dropped;
    }

    private static QuarantineException unreadable() {
        return new QuarantineException("JPEG marker segments of the pixel data cannot be read;"
                + " not passed on with possible text in them");
    }
}
