package org.dicomdeid.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import org.dicomdeid.dicom.QuarantineException;

import java.util.List;

/**
 * Blanks regions of native (uncompressed) pixel data in place. Only the samples of pixels
 * inside a region are written; every other byte of the pixel data stays as it was, so an image
 * differs from its original exactly where the rules said.
 *
 * <p>Written here rather than with PixelMed's {@code ImageEditUtilities.blackout} because that
 * one re-creates the pixel data from a rendered image, always blanks to the smallest value (not
 * the darkest one for MONOCHROME1 or YBR) and does not keep the untouched bytes as they were.
 */
final class UncompressedRedactor {

    private UncompressedRedactor() {
    }

    /** Writable view of the samples, whatever the attribute stores them as. */
    private interface Samples {
        void set(long index, int value);

        void store() throws DicomException;
    }

    static void redact(Attribute pixelData, ImagePixelLayout layout, List<Region> regions) throws QuarantineException {
        Samples samples = samplesOf(pixelData, layout);
        for (int frame = 0; frame < layout.frames(); frame++) {
            for (Region region : regions) {
                if (layout.isYbr422()) {
                    blankYbr422(samples, layout, frame, region);
                } else {
                    blank(samples, layout, frame, region);
                }
            }
        }
        try {
            samples.store();
        } catch (DicomException e) {
            throw new QuarantineException("cannot store cleaned pixel data (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void blank(Samples samples, ImagePixelLayout layout, int frame, Region region) {
        int rows = layout.rows();
        int columns = layout.columns();
        int spp = layout.samplesPerPixel();
        for (int s = 0; s < spp; s++) {
            int value = layout.blankValue(s);
            for (int row = region.y(); row < region.y() + region.height(); row++) {
                for (int column = region.x(); column < region.x() + region.width(); column++) {
                    long index = layout.planarConfiguration() == 1
                            ? (((long) frame * spp + s) * rows + row) * columns + column
                            : (((long) frame * rows + row) * columns + column) * spp + s;
                    samples.set(index, value);
                }
            }
        }
    }

    /**
     * YBR_FULL_422 stores Y1 Y2 Cb Cr per pair of columns with the chrominance shared, so a
     * region is widened to whole pairs: half a pair cannot be made black alone.
     */
    private static void blankYbr422(Samples samples, ImagePixelLayout layout, int frame, Region region) {
        int pairsPerRow = layout.columns() / 2;
        int firstPair = region.x() / 2;
        int endPair = (region.x() + region.width() + 1) / 2;
        for (int row = region.y(); row < region.y() + region.height(); row++) {
            for (int pair = firstPair; pair < endPair; pair++) {
                long base = (((long) frame * layout.rows() + row) * pairsPerRow + pair) * 4;
                samples.set(base, layout.blankValue(0));
                samples.set(base + 1, layout.blankValue(0));
                samples.set(base + 2, layout.blankValue(1));
                samples.set(base + 3, layout.blankValue(2));
            }
        }
    }

    private static Samples samplesOf(Attribute pixelData, ImagePixelLayout layout) throws QuarantineException {
        try {
            if (pixelData instanceof OtherByteAttribute ob) {
                byte[] bytes = ob.getByteValues();
                requireLength(bytes.length, layout.sampleCount() * layout.bitsAllocated() / 8);
                return layout.bitsAllocated() == 8 ? bytes8(ob, bytes) : bytes16LittleEndian(ob, bytes);
            }
            if (pixelData instanceof OtherWordAttribute ow) {
                short[] words = ow.getShortValues();
                requireLength(words.length * 2L, layout.sampleCount() * layout.bitsAllocated() / 8);
                return layout.bitsAllocated() == 16 ? words16(ow, words) : words8(ow, words);
            }
        } catch (DicomException e) {
            throw new QuarantineException("cannot access pixel data (" + e.getClass().getSimpleName() + ")", e);
        }
        throw new QuarantineException("pixel data stored in an unsupported form ("
                + pixelData.getClass().getSimpleName() + "); not cleaned");
    }

    private static void requireLength(long have, long need) throws QuarantineException {
        if (have < need) {
            throw new QuarantineException("pixel data shorter than Rows x Columns x Frames x Samples requires");
        }
    }

    private static Samples bytes8(OtherByteAttribute attribute, byte[] bytes) {
        return new Samples() {
            public void set(long index, int value) {
                bytes[(int) index] = (byte) value;
            }

            public void store() throws DicomException {
                attribute.setValues(bytes);
            }
        };
    }

    /** 16-bit samples in OB: the little endian byte stream of a native transfer syntax. */
    private static Samples bytes16LittleEndian(OtherByteAttribute attribute, byte[] bytes) {
        return new Samples() {
            public void set(long index, int value) {
                bytes[(int) (index * 2)] = (byte) value;
                bytes[(int) (index * 2 + 1)] = (byte) (value >> 8);
            }

            public void store() throws DicomException {
                attribute.setValues(bytes);
            }
        };
    }

    private static Samples words16(OtherWordAttribute attribute, short[] words) {
        return new Samples() {
            public void set(long index, int value) {
                words[(int) index] = (short) value;
            }

            public void store() throws DicomException {
                attribute.setValues(words);
            }
        };
    }

    /** 8-bit samples in OW (implicit VR): two per word, the first in the low byte. */
    private static Samples words8(OtherWordAttribute attribute, short[] words) {
        return new Samples() {
            public void set(long index, int value) {
                int word = (int) (index >> 1);
                int shift = (index & 1) == 0 ? 0 : 8;
                words[word] = (short) ((words[word] & ~(0xFF << shift)) | ((value & 0xFF) << shift));
            }

            public void store() throws DicomException {
                attribute.setValues(words);
            }
        };
    }
}
