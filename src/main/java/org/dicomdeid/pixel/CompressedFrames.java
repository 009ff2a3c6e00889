package org.dicomdeid.pixel;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Encapsulated Pixel Data in memory, one fragment per frame, written with a Basic Offset Table
 * when asked (PixelMed's own attribute always writes it empty). A frame of odd length gets a
 * padding 0x00, as PixelMed does.
 */
final class CompressedFrames extends OtherByteAttributeMultipleCompressedFrames {
    private final boolean offsetTable;

    CompressedFrames(AttributeTag tag, byte[][] frames, boolean offsetTable) {
        super(tag, frames);
        this.offsetTable = offsetTable;
    }

    @Override
    public void write(DicomOutputStream out) throws DicomException, IOException {
        writeBase(out);
        writeItemTag(out, offsetTable ? 4L * frames.length : 0);
        if (offsetTable) {
            long offset = 0;
            for (byte[] frame : frames) {
                out.writeUnsigned32(offset);
                offset += 8 + padded(frame);
            }
        }
        for (byte[] frame : frames) {
            writeItemTag(out, padded(frame));
            out.write(frame);
            if (frame.length % 2 != 0) {
                out.write(0);
            }
        }
        writeSequenceDelimitationItemTag(out);
    }

    private static long padded(byte[] frame) {
        return frame.length + (frame.length % 2);
    }

    @Override
    public long getLengthOfEntireEncodedAttribute(boolean explicit, boolean big) throws DicomException {
        return super.getLengthOfEntireEncodedAttribute(explicit, big) + (offsetTable ? 4L * frames.length : 0);
    }

    /**
     * The frames of encapsulated pixel data as stored (items, then the sequence delimiter, little
     * endian): the fragments after the Basic Offset Table, grouped so that each frame begins with
     * a fragment that begins with SOI (FFD8), which no other fragment of a JPEG stream can.
     *
     * @return the frames, or null when the first fragment does not begin a JPEG stream
     */
    static byte[][] jpegFrames(byte[] stored) {
        ByteBuffer in = ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN);
        List<ByteArrayOutputStream> frames = new ArrayList<>();
        boolean offsetTableItem = true;
        while (in.remaining() >= 8) {
            int group = in.getShort() & 0xFFFF;
            int element = in.getShort() & 0xFFFF;
            int length = in.getInt(); // the parser checked every item fits
            if (group != 0xFFFE || element != 0xE000) {
                break; // the sequence delimiter
            }
            int start = in.position();
            in.position(start + length);
            if (offsetTableItem) {
                offsetTableItem = false;
                continue;
            }
            if (JpegHeader.soiAt(stored, start, start + length)) {
                frames.add(new ByteArrayOutputStream(length));
            } else if (frames.isEmpty()) {
                return null;
            }
            frames.get(frames.size() - 1).write(stored, start, length);
        }
        return frames.stream().map(ByteArrayOutputStream::toByteArray).toArray(byte[][]::new);
    }
}
