package org.dicomdeid.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import org.dicomdeid.dicom.DicomObject;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Synthetic images for the redaction tests: seeded noise everywhere, and "burned-in" text drawn
 * with Java2D inside a given region at the brightest value, as a scanner would.
 */
final class TestImages {
    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String US_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.6.1";
    static final String US_MULTIFRAME_STORAGE = "1.2.840.10008.5.1.4.1.1.3.1";

    /** Image Pixel module of a synthetic image. */
    record Spec(String photometric, int samples, int bitsAllocated, int bitsStored, boolean signed,
                int planar, int frames, int rows, int columns) {
        @Override
        public String toString() {
            return photometric + " " + bitsStored + "/" + bitsAllocated + (signed ? " signed" : "")
                    + (samples > 1 ? " planar " + planar : "") + (frames > 1 ? " " + frames + " frames" : "");
        }
    }

    private TestImages() {
    }

    /** A native Explicit VR Little Endian instance; 8-bit pixels in OB, 16-bit in OW. */
    static DicomObject create(Spec spec, Region text, String sopClass, String modality) throws DicomException {
        AttributeList list = header(sopClass, modality);
        put(list, TagFromName.Rows, spec.rows());
        put(list, TagFromName.Columns, spec.columns());
        put(list, TagFromName.SamplesPerPixel, spec.samples());
        put(list, TagFromName.BitsAllocated, spec.bitsAllocated());
        put(list, TagFromName.BitsStored, spec.bitsStored());
        put(list, TagFromName.HighBit, spec.bitsStored() - 1);
        put(list, TagFromName.PixelRepresentation, spec.signed() ? 1 : 0);
        list.replace(TagFromName.PhotometricInterpretation, spec.photometric());
        if (spec.samples() > 1) {
            put(list, TagFromName.PlanarConfiguration, spec.planar());
        }
        if (spec.frames() > 1) {
            list.replace(TagFromName.NumberOfFrames, Integer.toString(spec.frames()));
        }
        int[] samples = samples(spec, text);
        if (spec.bitsAllocated() == 8) {
            byte[] bytes = new byte[samples.length + (samples.length % 2)];
            for (int i = 0; i < samples.length; i++) {
                bytes[i] = (byte) samples[i];
            }
            OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
            pixels.setValues(bytes);
            list.put(pixels);
        } else {
            short[] words = new short[samples.length];
            for (int i = 0; i < samples.length; i++) {
                words[i] = (short) samples[i];
            }
            OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
            pixels.setValues(words);
            list.put(pixels);
        }
        return new DicomObject(list, TransferSyntax.ExplicitVRLittleEndian);
    }

    static AttributeList header(String sopClass, String modality) throws DicomException {
        AttributeList list = new AttributeList();
        list.replace(TagFromName.SOPClassUID, sopClass);
        list.replace(TagFromName.SOPInstanceUID, "2.25.1234567890123456789");
        list.replace(TagFromName.StudyInstanceUID, "2.25.1234567890123456790");
        list.replace(TagFromName.SeriesInstanceUID, "2.25.1234567890123456791");
        list.replace(TagFromName.Modality, modality);
        list.replace(TagFromName.Manufacturer, "Test Vendor");
        return list;
    }

    private static void put(AttributeList list, AttributeTag tag, int value) throws DicomException {
        list.replace(tag, Integer.toString(value));
    }

    /** Samples in storage order (frame, then planar or interleaved layout), as unsigned bit patterns. */
    private static int[] samples(Spec spec, Region text) {
        boolean[][] glyphs = glyphMask(spec.columns(), spec.rows(), text);
        Random random = new Random(spec.toString().hashCode());
        int mask = (1 << spec.bitsAllocated()) - 1;
        int max = spec.signed() ? (1 << (spec.bitsStored() - 1)) - 1 : (1 << spec.bitsStored()) - 1;
        int min = spec.signed() ? -(1 << (spec.bitsStored() - 1)) : 0;
        int perPixel = spec.photometric().equals("YBR_FULL_422") ? 2 : spec.samples();
        int[] samples = new int[spec.frames() * spec.rows() * spec.columns() * perPixel];
        for (int f = 0; f < spec.frames(); f++) {
            for (int r = 0; r < spec.rows(); r++) {
                for (int c = 0; c < spec.columns(); c++) {
                    for (int s = 0; s < spec.samples(); s++) {
                        int value = glyphs[r][c] ? max : min + random.nextInt(max - min + 1);
                        int index = sampleIndex(spec, f, r, c, s);
                        samples[index] = value & mask;
                    }
                }
            }
        }
        return samples;
    }

    /** Where sample s of pixel (row, column) of a frame lives; independent of the production code. */
    static int sampleIndex(Spec spec, int frame, int row, int column, int sample) {
        int rows = spec.rows();
        int columns = spec.columns();
        if (spec.photometric().equals("YBR_FULL_422")) {
            int pairStart = ((frame * rows + row) * columns + (column & ~1)) * 2;
            return sample == 0 ? pairStart + (column & 1) : pairStart + 1 + sample;
        }
        int spp = spec.samples();
        return spec.planar() == 1
                ? ((frame * spp + sample) * rows + row) * columns + column
                : ((frame * rows + row) * columns + column) * spp + sample;
    }

    /** The pixels Java2D paints when drawing a name in the region, as a scanner overlay would. */
    static boolean[][] glyphMask(int columns, int rows, Region text) {
        BufferedImage canvas = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = canvas.createGraphics();
        g.setClip(text.x(), text.y(), text.width(), text.height());
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.max(8, text.height() - 2)));
        g.drawString("DOE^JANE 12345", text.x() + 1, text.y() + text.height() - 2);
        g.dispose();
        boolean[][] mask = new boolean[rows][columns];
        int painted = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                mask[r][c] = (canvas.getRaster().getSample(c, r, 0) & 0x80) != 0;
                painted += mask[r][c] ? 1 : 0;
            }
        }
        if (painted == 0) {
            throw new IllegalStateException("Java2D drew no text; the fixture would prove nothing");
        }
        return mask;
    }

    /** All samples of native pixel data as unsigned bit patterns, in storage order. */
    static int[] storedSamples(Attribute pixelData, int bitsAllocated) throws DicomException {
        if (pixelData instanceof OtherWordAttribute ow) {
            short[] words = ow.getShortValues();
            if (bitsAllocated == 16) {
                int[] out = new int[words.length];
                for (int i = 0; i < words.length; i++) {
                    out[i] = words[i] & 0xFFFF;
                }
                return out;
            }
            int[] out = new int[words.length * 2];
            for (int i = 0; i < words.length; i++) {
                out[2 * i] = words[i] & 0xFF;
                out[2 * i + 1] = (words[i] >> 8) & 0xFF;
            }
            return out;
        }
        byte[] bytes = pixelData.getByteValues();
        if (bitsAllocated == 8) {
            int[] out = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                out[i] = bytes[i] & 0xFF;
            }
            return out;
        }
        int[] out = new int[bytes.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] & 0xFF) << 8;
        }
        return out;
    }
}
