package org.dicomdeid.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.QuarantineException;

/**
 * The Image Pixel module facts the redaction needs, checked once: geometry, sample layout, and
 * the "darkest" value each sample is blanked to.
 */
record ImagePixelLayout(int rows, int columns, int frames, int samplesPerPixel, int bitsAllocated,
                        int bitsStored, boolean signed, int planarConfiguration,
                        String photometricInterpretation) {

    static ImagePixelLayout of(AttributeList list) throws QuarantineException {
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int frames = Math.max(1, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1));
        int samples = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        int allocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 0);
        int stored = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, allocated);
        boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
        int planar = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PlanarConfiguration, 0);
        String photometric = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PhotometricInterpretation)
                .trim().toUpperCase(java.util.Locale.ROOT);
        if (rows <= 0 || columns <= 0) {
            throw new QuarantineException("image has no usable Rows/Columns; pixel data cannot be cleaned");
        }
        if (allocated != 8 && allocated != 16) {
            throw new QuarantineException("pixel cleaning supports Bits Allocated 8 or 16, not " + allocated);
        }
        if (stored <= 0 || stored > allocated) {
            throw new QuarantineException("Bits Stored inconsistent with Bits Allocated; pixel data cannot be cleaned");
        }
        boolean monochrome = photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2");
        boolean colour = photometric.equals("RGB") || photometric.equals("YBR_FULL") || photometric.equals("YBR_FULL_422");
        if (!(monochrome && samples == 1) && !(colour && samples == 3)) {
            throw new QuarantineException("pixel cleaning does not support Photometric Interpretation "
                    + (photometric.matches("[A-Z0-9_ ]{1,16}") ? photometric : "(unrecognised)")
                    + " with " + samples + " samples per pixel");
        }
        if (photometric.equals("YBR_FULL_422") && (planar != 0 || columns % 2 != 0)) {
            throw new QuarantineException("YBR_FULL_422 pixel data must be interleaved with an even column count");
        }
        return new ImagePixelLayout(rows, columns, frames, samples, allocated, stored, signed, planar, photometric);
    }

    boolean isYbr422() {
        return photometricInterpretation.equals("YBR_FULL_422");
    }

    /** Samples in the whole pixel data (YBR_FULL_422 stores 2 samples per pixel on average). */
    long sampleCount() {
        long pixels = (long) rows * columns * frames;
        return isYbr422() ? pixels * 2 : pixels * samplesPerPixel;
    }

    /**
     * The darkest value of a sample, as the bit pattern stored in {@code bitsAllocated} bits:
     * the minimum for MONOCHROME2, the maximum for MONOCHROME1 (inverted), black for colour
     * (zero luminance and neutral chrominance for YBR).
     */
    int blankValue(int sample) {
        int value;
        switch (photometricInterpretation) {
            case "MONOCHROME1" -> value = signed ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
            case "MONOCHROME2" -> value = signed ? -(1 << (bitsStored - 1)) : 0;
            case "RGB" -> value = 0;
            default -> value = sample == 0 ? 0 : 1 << (bitsStored - 1); // YBR_FULL(_422): Y, Cb, Cr
        }
        // Two's complement in the allocated width, i.e. sign-extended above the stored bits.
        return value & ((1 << bitsAllocated) - 1);
    }
}
