package org.dicomdeid.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.BulkValue;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import java.util.ArrayList;
import java.util.List;

/**
 * Blanks regions of native (uncompressed) pixel data. Only the samples of pixels inside a
 * region are written; every other byte of the pixel data stays as it was, so an image differs
 * from its original exactly where the rules said.
 * <p>
 * The regions become byte ranges of the little endian sample stream ({@link BulkValue.Fill}s: one
 * per region row, per frame, per plane). Pixel data still in its file is blanked while it is
 * copied to the output, frame after frame, never loaded ({@link #redactWhileCopying}); pixel data
 * already in memory (decoded, or stored big endian) is blanked there ({@link #redact}).
 * <p>
 * Written here rather than with PixelMed's {@code ImageEditUtilities.blackout} because that
 * one re-creates the pixel data from a rendered image, always blanks to the smallest value (not
 * the darkest one for MONOCHROME1 or YBR) and does not keep the untouched bytes as they were.
 */
final class UncompressedRedactor {

    private UncompressedRedactor() {
    }

    /**
     * Blanks the regions as the output is written, when Pixel Data is a native value stored
     * little endian in the instance's source; returns false (nothing done) otherwise.
     */
    static boolean redactWhileCopying(DicomObject object, ImagePixelLayout layout, List<Region> regions)
            throws QuarantineException {
        if (!(object.dataset().get(TagFromName.PixelData) instanceof BulkValue bulk)
                || bulk.isEncapsulated() || bulk.bigEndian()) {
            return false;
        }
        requireLength(bulk.storedLength(), layout);
        return object.fill(TagFromName.PixelData, fills(layout, regions));
    }

    /** Blanks the regions in PixelMed's in-memory Pixel Data attribute. */
    static void redact(Attribute pixelData, ImagePixelLayout layout, List<Region> regions) throws QuarantineException {
        try {
            if (pixelData instanceof OtherByteAttribute ob) {
                byte[] bytes = ob.getByteValues();
                requireLength(bytes.length, layout);
                fills(layout, regions).forEach(f -> f.applyTo(bytes, 0, bytes.length));
                ob.setValues(bytes);
                return;
            }
            if (pixelData instanceof OtherWordAttribute ow) {
                byte[] bytes = littleEndian(ow.getShortValues());
                requireLength(bytes.length, layout);
                fills(layout, regions).forEach(f -> f.applyTo(bytes, 0, bytes.length));
                ow.setValues(words(bytes));
                return;
            }
        } catch (DicomException e) {
            throw new QuarantineException("cannot access pixel data (" + e.getClass().getSimpleName() + ")", e);
        }
        throw new QuarantineException("pixel data stored in an unsupported form ("
                + pixelData.getClass().getSimpleName() + "); not cleaned");
    }

    /**
     * The byte ranges to blank, in the little endian sample stream: sample {@code i} of
     * {@code B} bytes at {@code i * B}, 8-bit samples packed in words included (the first in the
     * low byte). YBR_FULL_422 stores Y1 Y2 Cb Cr per pair of columns with the chrominance shared,
     * so a region is widened to whole pairs: half a pair cannot be made black alone.
     */
    static List<BulkValue.Fill> fills(ImagePixelLayout layout, List<Region> regions) {
        int b = layout.bitsAllocated() / 8;
        int rows = layout.rows();
        int columns = layout.columns();
        int spp = layout.samplesPerPixel();
        // one pattern per kind of range, shared by every frame's fills
        byte[] pair = pattern(layout, b, 0, 0, 1, 2);
        byte[] pixel = pattern(layout, b, spp == 1 ? new int[] {0} : new int[] {0, 1, 2});
        byte[][] plane = new byte[spp][];
        for (int s = 0; s < spp; s++) {
            plane[s] = pattern(layout, b, s);
        }
        List<BulkValue.Fill> fills = new ArrayList<>();
        for (int frame = 0; frame < layout.frames(); frame++) {
            for (Region region : regions) {
                if (layout.isYbr422()) {
                    int firstPair = region.x() / 2;
                    int endPair = (region.x() + region.width() + 1) / 2;
                    for (int row = region.y(); row < region.y() + region.height(); row++) {
                        long first = (((long) frame * rows + row) * (columns / 2) + firstPair) * 4;
                        fills.add(new BulkValue.Fill(first * b, (endPair - firstPair) * 4 * b, pair));
                    }
                } else if (layout.planarConfiguration() == 1 && spp > 1) {
                    for (int s = 0; s < spp; s++) {
                        for (int row = region.y(); row < region.y() + region.height(); row++) {
                            long first = (((long) frame * spp + s) * rows + row) * columns + region.x();
                            fills.add(new BulkValue.Fill(first * b, region.width() * b, plane[s]));
                        }
                    }
                } else {
                    for (int row = region.y(); row < region.y() + region.height(); row++) {
                        long first = (((long) frame * rows + row) * columns + region.x()) * spp;
                        fills.add(new BulkValue.Fill(first * b, region.width() * spp * b, pixel));
                    }
                }
            }
        }
        return fills;
    }

    /** The blank values of the given samples, each in {@code b} little endian bytes. */
    private static byte[] pattern(ImagePixelLayout layout, int b, int... samples) {
        byte[] out = new byte[samples.length * b];
        for (int i = 0; i < samples.length; i++) {
            int value = layout.blankValue(samples[i]);
            for (int k = 0; k < b; k++) {
                out[i * b + k] = (byte) (value >> (8 * k));
            }
        }
        return out;
    }

    private static void requireLength(long have, ImagePixelLayout layout) throws QuarantineException {
        if (have < layout.sampleCount() * layout.bitsAllocated() / 8) {
            throw new QuarantineException("pixel data shorter than Rows x Columns x Frames x Samples requires");
        }
    }

    private static byte[] littleEndian(short[] words) {
        byte[] bytes = new byte[words.length * 2];
        for (int i = 0; i < words.length; i++) {
            bytes[2 * i] = (byte) words[i];
            bytes[2 * i + 1] = (byte) (words[i] >> 8);
        }
        return bytes;
    }

    private static short[] words(byte[] bytes) {
        short[] words = new short[bytes.length / 2];
        for (int i = 0; i < words.length; i++) {
            words[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] & 0xFF) << 8);
        }
        return words;
    }
}
