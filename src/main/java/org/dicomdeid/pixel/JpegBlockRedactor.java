package org.dicomdeid.pixel;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.display.ImageEditUtilities;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Shape;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Vector;

/**
 * Lossless redaction of JPEG baseline frames with PixelMed's codec: only the blocks (whole MCUs)
 * that intersect a region are re-entropy-coded with all coefficients zero; every other block
 * keeps its coded coefficients, so the rest of the image loses nothing more than it already had.
 * The blanked blocks decode to mid-level grey (PixelMed does not let the value be chosen) and
 * may reach past the region to the next MCU boundary.
 *
 * <p>PixelMed re-codes with the frame's own Huffman tables; an optimised table may lack the code
 * for a zero coefficient and the frame then decodes to garbage (seen with a 3x3 image). So each
 * rewritten frame is decoded and checked: luminance exactly mid-grey inside the regions, and
 * every pixel beyond the rewritten MCUs as it was. Any doubt restores the original frames and
 * lets the caller decode and blank instead.
 */
final class JpegBlockRedactor {
    private static final int MID_GREY = 128;

    private JpegBlockRedactor() {
    }

    /** @return true when every frame was redacted and verified; false (frames untouched) otherwise */
    static boolean tryRedact(AttributeList list, List<Region> regions) {
        if (!(list.getPixelData() instanceof OtherByteAttributeMultipleCompressedFrames pixels)) {
            return false;
        }
        byte[][] frames = pixels.getFrames();
        if (frames == null || frames.length == 0) {
            return false;
        }
        byte[][] originals = frames.clone();
        Vector<Shape> shapes = new Vector<>();
        regions.forEach(region -> shapes.add(region.toRectangle()));
        try {
            // In-memory frames are rewritten in place in this array; no temporary file is used.
            ImageEditUtilities.blackoutJPEGBlocks(list, shapes);
            for (int i = 0; i < frames.length; i++) {
                if (!verified(originals[i], frames[i], regions)) {
                    System.arraycopy(originals, 0, frames, 0, frames.length);
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            System.arraycopy(originals, 0, frames, 0, frames.length);
            return false;
        }
    }

    private static boolean verified(byte[] original, byte[] redacted, List<Region> regions) throws IOException {
        int[] mcu = mcuSize(original);
        Raster before = decode(original);
        Raster after = decode(redacted);
        if (mcu == null || before == null || after == null || before.getWidth() != after.getWidth()
                || before.getHeight() != after.getHeight() || before.getNumBands() != after.getNumBands()) {
            return false;
        }
        int bands = after.getNumBands();
        for (int y = 0; y < after.getHeight(); y++) {
            for (int x = 0; x < after.getWidth(); x++) {
                if (inAny(regions, x, y)) {
                    if (after.getSample(x, y, 0) != MID_GREY) {
                        return false;
                    }
                } else if (!nearRewrittenBlocks(regions, x, y, mcu)) {
                    for (int b = 0; b < bands; b++) {
                        if (after.getSample(x, y, b) != before.getSample(x, y, b)) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    private static boolean inAny(List<Region> regions, int x, int y) {
        for (Region region : regions) {
            if (region.contains(x, y)) {
                return true;
            }
        }
        return false;
    }

    /** Within the MCUs a region touches, or one pixel beyond (chroma upsampling reads neighbours). */
    private static boolean nearRewrittenBlocks(List<Region> regions, int x, int y, int[] mcu) {
        for (Region r : regions) {
            int left = r.x() / mcu[0] * mcu[0] - 1;
            int top = r.y() / mcu[1] * mcu[1] - 1;
            int right = (r.x() + r.width() + mcu[0] - 1) / mcu[0] * mcu[0] + 1;
            int bottom = (r.y() + r.height() + mcu[1] - 1) / mcu[1] * mcu[1] + 1;
            if (x >= left && x < right && y >= top && y < bottom) {
                return true;
            }
        }
        return false;
    }

    /** Raw decoded samples (no colour conversion: band 0 is luminance for YCbCr). */
    private static Raster decode(byte[] jpeg) throws IOException {
        // By format name, not by probing the stream: probing asks every registered reader,
        // and PixelMed's lossless one prints to stdout when it declines.
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (!reader.getClass().getName().startsWith("com.sun.imageio.")) {
                continue; // the JDK's baseline decoder is the reference here
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
                reader.setInput(in);
                return reader.readRaster(0, null);
            } finally {
                reader.dispose();
            }
        }
        return null;
    }

    /** MCU width and height in pixels from the baseline frame header (SOF0/SOF1), or null. */
    static int[] mcuSize(byte[] jpeg) {
        int i = 2;
        while (i + 4 < jpeg.length) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = jpeg[i + 1] & 0xFF;
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (marker == 0xC0 || marker == 0xC1) {
                int components = jpeg[i + 9] & 0xFF;
                int maxH = 1;
                int maxV = 1;
                for (int c = 0; c < components && i + 12 + 3 * c < jpeg.length; c++) {
                    int sampling = jpeg[i + 11 + 3 * c] & 0xFF;
                    maxH = Math.max(maxH, sampling >> 4);
                    maxV = Math.max(maxV, sampling & 0x0F);
                }
                return components == 1 ? new int[] {8, 8} : new int[] {8 * maxH, 8 * maxV};
            }
            i += 2 + length;
        }
        return null;
    }
}
