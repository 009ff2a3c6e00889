package org.dicomdeid.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.ValueRepresentation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A large binary value (Pixel Data, Waveform Data, an encapsulated document, a big private OB
 * ...) left where it lies in its source and copied through byte for byte when the instance is
 * written: memory does not grow with the size of the file. Encapsulated pixel data is kept
 * whole, fragments and delimiter included, and written with an undefined length.
 * <p>
 * {@link #getByteValues()} and friends load the value into memory: only pixel cleaning and
 * encryption of a removed value ask for it.
 */
public final class BulkValue extends Attribute {
    /** Undefined length, as encoded for encapsulated pixel data. */
    static final long UNDEFINED = 0xFFFFFFFFL;

    private final byte[] vr;
    private final Source source;
    private final long offset;
    private final long length;
    private final boolean bigEndian;
    private final boolean encapsulated;
    private final int fragments;
    private final Fills fills;

    BulkValue(AttributeTag tag, byte[] vr, Source source, long offset, long length, boolean bigEndian,
              boolean encapsulated, int fragments) {
        this(tag, vr, source, offset, length, bigEndian, encapsulated, fragments, Fills.NONE);
    }

    private BulkValue(AttributeTag tag, byte[] vr, Source source, long offset, long length, boolean bigEndian,
                      boolean encapsulated, int fragments, Fills fills) {
        super(tag);
        this.vr = vr;
        this.source = source;
        this.offset = offset;
        this.length = length;
        this.bigEndian = bigEndian;
        this.encapsulated = encapsulated;
        this.fragments = fragments;
        this.fills = fills;
        this.valueLength = encapsulated ? UNDEFINED : length;
        this.valueMultiplicity = 1;
    }

    /** Encapsulated (compressed) pixel data: items of fragments, written with an undefined length. */
    public boolean isEncapsulated() {
        return encapsulated;
    }

    /** Fragments of encapsulated pixel data, the Basic Offset Table included; 0 when native. */
    public int fragments() {
        return fragments;
    }

    /** Bytes of the value as stored: for encapsulated data, every item and the delimiter. */
    public long storedLength() {
        return length;
    }

    /** Stored big endian (Explicit VR Big Endian): offsets of {@link #filled} fills address bytes as stored. */
    public boolean bigEndian() {
        return bigEndian;
    }

    /**
     * A range of bytes of a native value to overwrite with {@code pattern} repeated from
     * {@code offset} (in bytes from the value's start, as stored).
     */
    public record Fill(long offset, int length, byte[] pattern) {
        /** Writes the bytes of this fill that fall in {@code buf[0..n)}, which holds the value from {@code valueOffset}. */
        public void applyTo(byte[] buf, long valueOffset, int n) {
            long from = Math.max(offset, valueOffset);
            long to = Math.min(offset + length, valueOffset + n);
            for (long p = from; p < to; p++) {
                buf[(int) (p - valueOffset)] = pattern[(int) ((p - offset) % pattern.length)];
            }
        }
    }

    /**
     * This value with {@code more} ranges overwritten as it is copied: the value stays where it
     * lies, the fills are applied chunk by chunk when it is written (or loaded, or checked).
     */
    public BulkValue filled(List<Fill> more) {
        if (encapsulated) {
            throw new IllegalStateException("fills address native values only");
        }
        return new BulkValue(getTag(), vr, source, offset, length, bigEndian, false, 0, fills.plus(more, length));
    }

    /** CRC-32C of the bytes as written (read from the source, fills applied). */
    public long crc() throws IOException {
        return fills.isEmpty() ? source.crc(offset, length) : source.crc(offset, length, fills);
    }

    /**
     * The first bytes (at most {@code maxBytes}) of each fragment of encapsulated pixel data, the
     * Basic Offset Table first, read in one pass over the item headers: a look inside the frames
     * (their JPEG marker segments) without loading the value. Empty when native.
     */
    public List<Fragment> fragmentHeads(int maxBytes) throws IOException {
        if (!encapsulated) {
            return List.of();
        }
        return source.withReader(reader -> {
            List<Fragment> heads = new ArrayList<>(fragments);
            long position = offset;
            for (int i = 0; i < fragments; i++) { // the parser checked the items and counted them
                long itemLength = ByteBuffer.wrap(Source.readFully(reader, position + 4, 4))
                        .order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
                heads.add(new Fragment(itemLength,
                        Source.readFully(reader, position + 8, (int) Math.min(itemLength, maxBytes))));
                position += 8 + itemLength;
            }
            return heads;
        });
    }

    /** One fragment's length and its first bytes. */
    public record Fragment(long length, byte[] head) {
        public boolean whole() {
            return head.length == length;
        }
    }

    @Override
    public byte[] getVR() {
        return vr;
    }

    @Override
    public long getPaddedVL() {
        return valueLength; // already even (the parser refuses odd lengths) or undefined
    }

    @Override
    public void write(DicomOutputStream out) throws DicomException, IOException {
        writeHeader(out);
        int wordSize = swapWordSize(out);
        if (wordSize == 1 && fills.isEmpty() && out instanceof ChannelDicomOutputStream channelOut) {
            channelOut.transferFrom(source, offset, length);
        } else {
            source.copyTo(offset, length, out, wordSize, fills);
        }
    }

    /** Tag, VR and length as PixelMed writes them, but with an undefined length where encapsulated. */
    private void writeHeader(DicomOutputStream out) throws IOException {
        out.writeUnsigned16(getGroup());
        out.writeUnsigned16(getElement());
        if (out.isExplicitVR()) {
            out.write(vr, 0, 2);
            out.writeUnsigned16(0);
        }
        out.writeUnsigned32(valueLength);
    }

    /** Word size to swap when the output's byte order differs from the source's (1: copy as is). */
    private int swapWordSize(DicomOutputStream out) {
        if (encapsulated || out.isBigEndian() == bigEndian) {
            return 1;
        }
        return Math.max(1, ValueRepresentation.getWordLengthOfValueAffectedByEndianness(vr));
    }

    @Override
    public byte[] getByteValues() throws DicomException {
        return getByteValues(false);
    }

    @Override
    public byte[] getByteValues(boolean big) throws DicomException {
        if (length > Integer.MAX_VALUE - 16) {
            throw new DicomException("value too large to load into memory");
        }
        try {
            byte[] bytes = source.bytes(offset, (int) length);
            fills.apply(0, bytes, bytes.length);
            int wordSize = ValueRepresentation.getWordLengthOfValueAffectedByEndianness(vr);
            if (big != bigEndian && wordSize > 1 && !encapsulated) {
                Source.swap(bytes, bytes.length, wordSize);
            }
            return bytes;
        } catch (IOException e) {
            throw new DicomException("cannot read a bulk value (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public short[] getShortValues() throws DicomException {
        byte[] bytes = getByteValues(false);
        short[] words = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(words);
        return words;
    }

    @Override
    public void removeValues() {
        throw new UnsupportedOperationException("a bulk value is replaced, never emptied in place");
    }

    @Override
    public String toString(DicomDictionary dictionary) {
        return getTag() + " " + ValueRepresentation.getAsString(vr) + " bulk value of " + length + " bytes"
                + (encapsulated ? " in " + fragments + " fragments" : "");
    }
}
