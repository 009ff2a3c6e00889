package org.dicomdeid.pixel;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.display.ImageEditUtilities;

import java.awt.Shape;
import java.util.List;
import java.util.Vector;

/**
 * Lossless redaction of JPEG baseline frames with PixelMed's codec: only the 8x8 blocks (whole
 * MCUs) that intersect a region are re-entropy-coded with their coefficients set to zero; every
 * other block keeps its coded coefficients, so the rest of the image loses nothing more than
 * it already had. The blanked blocks decode to mid-level grey (PixelMed does not let the value be
 * chosen), and they may extend past the region up to the next block boundary.
 */
final class JpegBlockRedactor {

    private JpegBlockRedactor() {
    }

    /**
     * @return true when every frame was redacted; false when PixelMed's parser refused the stream
     *         (the caller then decodes and blanks instead). Frames already rewritten before a
     *         failure are redacted too, so a fallback starts from a safe state.
     */
    static boolean tryRedact(AttributeList list, List<Region> regions) {
        if (!(list.getPixelData() instanceof OtherByteAttributeMultipleCompressedFrames)) {
            return false;
        }
        Vector<Shape> shapes = new Vector<>();
        for (Region region : regions) {
            shapes.add(region.toRectangle());
        }
        try {
            // In-memory frames are rewritten in place; no temporary file is involved.
            ImageEditUtilities.blackoutJPEGBlocks(list, shapes);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
