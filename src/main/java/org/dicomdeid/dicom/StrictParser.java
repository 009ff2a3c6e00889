package org.dicomdeid.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads one data set strictly, without recursion: nesting is kept on an explicit stack, so depth
 * costs heap (bounded by {@link ParseLimits#maxDepth}) instead of Java stack, and every item is
 * visited once. Anything that would otherwise lose or misplace data — a value longer than what
 * remains, an undelimited item or sequence, a fixed-size value of the wrong length, an odd
 * length, a duplicate attribute, bytes that are not the declared encoding — is refused with a
 * reason that names the tag, never a value. Bulk values are not read: they become
 * {@link BulkValue}s pointing into the source.
 */
final class StrictParser {
    private static final long UNDEFINED = BulkValue.UNDEFINED;
    private static final int ITEM = 0xE000;
    private static final int ITEM_END = 0xE00D;
    private static final int SEQUENCE_END = 0xE0DD;

    /** How values are encoded below a point: the transfer syntax, or implicit LE inside UN sequences. */
    record Encoding(boolean explicit, boolean bigEndian) {
        static final Encoding IMPLICIT_LE = new Encoding(false, false);
        static final Encoding EXPLICIT_LE = new Encoding(true, false);
    }

    /** A data set being filled: the top level, or a sequence item. */
    private static final class DataSetFrame {
        final AttributeList list;
        final long end;           // where the item ends, UNDEFINED until its delimiter
        final long limit;         // nothing inside may reach past this (enclosing defined lengths, the file)
        final Encoding encoding;
        final int depth;
        final boolean item;
        SpecificCharacterSet charset;
        int bitsAllocated = 16;
        boolean signed;

        DataSetFrame(AttributeList list, long end, long limit, Encoding encoding, int depth, boolean item,
                     SpecificCharacterSet charset) {
            this.list = list;
            this.end = end;
            this.limit = limit;
            this.encoding = encoding;
            this.depth = depth;
            this.item = item;
            this.charset = charset;
        }
    }

    /** A sequence whose items are being read. */
    private record SequenceFrame(SequenceAttribute sequence, long end, long limit, Encoding encoding,
                                 DataSetFrame parent) {
    }

    private final Source source;
    private final InputWindow in;
    private final ParseLimits limits;
    private final List<BulkValue> bulkValues = new ArrayList<>();
    private final List<AttributeTag> topLevelTags = new ArrayList<>();
    private final boolean structureOnly;
    private AttributeTag stopBefore; // null: to the end
    private ValueDecoder explicitLe;
    private ValueDecoder implicitLe;
    private ValueDecoder explicitBe;
    private int items;
    private int elements;

    /**
     * @param structureOnly read only sequences and bulk values, skipping small values undecoded
     *                      (checking a written output: its values came from us)
     */
    StrictParser(Source source, Source.Reader reader, long size, long start, ParseLimits limits,
                 boolean structureOnly) {
        this.source = source;
        this.in = new InputWindow(reader, size, start);
        this.limits = limits;
        this.structureOnly = structureOnly;
    }

    InputWindow input() {
        return in;
    }

    List<BulkValue> bulkValues() {
        return bulkValues;
    }

    /** The tags of the top-level data set (or meta information) as read, in file order. */
    List<AttributeTag> topLevelTags() {
        return topLevelTags;
    }

    /** Ends the data set before the first top-level attribute at or after {@code tag} (a header read). */
    void stopBefore(AttributeTag tag) {
        this.stopBefore = tag;
    }

    /** Reads the file meta information (group 0002, explicit VR little endian) into {@code into}. */
    void readMeta(AttributeList into) throws QuarantineException, IOException {
        DataSetFrame meta = new DataSetFrame(into, UNDEFINED, in.size(), Encoding.EXPLICIT_LE, 0, false, null);
        byte[] next = new byte[2];
        Deque<Object> nothingNested = new ArrayDeque<>();
        try {
            while (in.peek(next) && (next[0] & 0xFF) == 0x02 && next[1] == 0) {
                element(meta, nothingNested);
                if (!nothingNested.isEmpty()) {
                    throw new QuarantineException("a sequence in the file meta information");
                }
            }
        } catch (InputWindow.Truncated e) {
            throw truncated();
        }
    }

    /** Reads the data set from the current position to the end of the input. */
    void readDataSet(AttributeList into, Encoding encoding) throws QuarantineException, IOException {
        Deque<Object> stack = new ArrayDeque<>();
        stack.push(new DataSetFrame(into, UNDEFINED, in.size(), encoding, 0, false, null));
        try {
            while (!stack.isEmpty()) {
                Object top = stack.peek();
                if (top instanceof DataSetFrame d) {
                    if (dataSetEnds(d) || !d.item && reachedStop(d.encoding)) {
                        stack.pop();
                    } else {
                        element(d, stack);
                    }
                } else {
                    sequenceStep((SequenceFrame) top, stack);
                }
            }
        } catch (InputWindow.Truncated e) {
            throw truncated();
        }
    }

    private boolean reachedStop(Encoding encoding) throws IOException {
        byte[] next = new byte[4];
        if (stopBefore == null || !in.peek(next)) {
            return false;
        }
        java.nio.ByteBuffer tag = java.nio.ByteBuffer.wrap(next).order(encoding.bigEndian
                ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        return new AttributeTag(tag.getShort() & 0xFFFF, tag.getShort() & 0xFFFF).compareTo(stopBefore) >= 0;
    }

    private static QuarantineException truncated() {
        return new QuarantineException("truncated DICOM instance (it ends inside an attribute, item or sequence)");
    }

    private boolean dataSetEnds(DataSetFrame d) throws QuarantineException {
        if (!d.item) {
            return in.atEnd();
        }
        if (d.end == UNDEFINED) {
            return false; // ends at its delimiter, read as an element
        }
        if (in.position() > d.end) {
            throw new QuarantineException("an item's content runs past the item's length");
        }
        return in.position() == d.end;
    }

    private void sequenceStep(SequenceFrame s, Deque<Object> stack)
            throws QuarantineException, IOException, InputWindow.Truncated {
        if (s.end != UNDEFINED) {
            if (in.position() > s.end) {
                throw new QuarantineException("the items of " + tag(s.sequence.getTag()) + " run past its length");
            }
            if (in.position() == s.end) {
                stack.pop();
                return;
            }
        }
        boolean big = s.encoding.bigEndian;
        int group = in.u16(big);
        int element = in.u16(big);
        long length = in.u32(big);
        if (group == 0xFFFE && element == SEQUENCE_END && s.end == UNDEFINED) {
            requireZero(length, s.sequence.getTag());
            stack.pop();
            return;
        }
        if (group != 0xFFFE || element != ITEM) {
            throw new QuarantineException("an item was expected in " + tag(s.sequence.getTag())
                    + " (a sequence or item is not delimited)");
        }
        if (++items > limits.maxItems()) {
            throw new QuarantineException("more than " + limits.maxItems() + " sequence items (limit deid.parse.maxItems)");
        }
        long end = UNDEFINED;
        long limit = s.limit;
        if (length != UNDEFINED) {
            checkFits(length, limit, s.sequence.getTag());
            end = in.position() + length;
            limit = end;
        }
        AttributeList item = new AttributeList();
        s.sequence.addItem(item);
        stack.push(new DataSetFrame(item, end, limit, s.encoding, s.parent.depth + 1, true, s.parent.charset));
    }

    private void element(DataSetFrame d, Deque<Object> stack)
            throws QuarantineException, IOException, InputWindow.Truncated {
        Encoding enc = d.encoding;
        int group = in.u16(enc.bigEndian);
        int element = in.u16(enc.bigEndian);
        if (group == 0xFFFE) {
            long length = in.u32(enc.bigEndian);
            if (element == ITEM_END && d.item && d.end == UNDEFINED) {
                requireZero(length, null);
                stack.pop();
                return;
            }
            throw new QuarantineException(String.format("a misplaced delimiter (FFFE,%04X) (a sequence or item is not"
                    + " delimited)", element));
        }
        AttributeTag tag = new AttributeTag(group, element);
        if (!d.item) {
            topLevelTags.add(tag);
        }
        if (++elements > limits.maxElements()) {
            throw new QuarantineException("more than " + limits.maxElements() + " attributes (limit deid.parse.maxElements)");
        }
        byte[] vr;
        long length;
        if (enc.explicit) {
            vr = in.bytes(2);
            if (!Vrs.isValidExplicit(vr)) {
                throw new QuarantineException("the data set is not in the explicit VR encoding its transfer syntax"
                        + " declares (at " + tag(tag) + ")");
            }
            length = ValueRepresentation.isShortValueLengthVR(vr) ? in.u16(enc.bigEndian) : longLength(enc);
            Vrs.checkAgainstDictionary(tag, vr);
        } else {
            length = in.u32(false);
            vr = Vrs.implicit(tag, d.bitsAllocated, d.signed, length);
        }
        boolean pixelData = Vrs.isPixelData(tag);
        if (pixelData && length == UNDEFINED) {
            encapsulated(d, tag);
        } else if (ValueRepresentation.isSequenceVR(vr) || length == UNDEFINED && ValueRepresentation.isUnknownVR(vr)) {
            sequence(d, tag, vr, length, stack);
        } else if (length == UNDEFINED) {
            throw new QuarantineException("undefined length on " + tag(tag) + ", which is not a sequence");
        } else {
            value(d, tag, vr, length, pixelData);
        }
    }

    private long longLength(Encoding enc) throws IOException, InputWindow.Truncated {
        in.skip(2); // reserved
        return in.u32(enc.bigEndian);
    }

    private void sequence(DataSetFrame d, AttributeTag tag, byte[] vr, long length, Deque<Object> stack)
            throws QuarantineException {
        if (d.depth + 1 > limits.maxDepth()) {
            throw new QuarantineException("sequences nested deeper than " + limits.maxDepth()
                    + " (limit deid.parse.maxDepth)");
        }
        long end = UNDEFINED;
        long limit = d.limit;
        if (length != UNDEFINED) {
            checkFits(length, limit, tag);
            end = in.position() + length;
            limit = end;
        }
        SequenceAttribute sequence = new SequenceAttribute(tag);
        put(d, sequence);
        // A UN value of undefined length is a sequence encoded in implicit VR little endian (PS3.5 6.2.2).
        Encoding encoding = ValueRepresentation.isUnknownVR(vr) ? Encoding.IMPLICIT_LE : d.encoding;
        stack.push(new SequenceFrame(sequence, end, limit, encoding, d));
    }

    private void value(DataSetFrame d, AttributeTag tag, byte[] vr, long length, boolean pixelData)
            throws QuarantineException, IOException, InputWindow.Truncated {
        checkFits(length, d.limit, tag);
        if ((length & 1) != 0) {
            throw new QuarantineException("odd value length of " + tag(tag));
        }
        int unit = Vrs.fixedUnit(vr);
        if (unit > 1 && length % unit != 0) {
            throw new QuarantineException("value of " + tag(tag) + " is not a whole number of "
                    + ValueRepresentation.getAsString(vr) + " values");
        }
        long offset = in.position();
        if (Vrs.isBinary(vr) && (pixelData || length >= limits.bulkThreshold())) {
            in.skip(length);
            BulkValue bulk = new BulkValue(tag, vr, source, offset, length, d.encoding.bigEndian, false, 0);
            bulkValues.add(bulk);
            put(d, bulk);
            return;
        }
        if (structureOnly && !tag.equals(TagFromName.TransferSyntaxUID)) {
            in.skip(length);
            return;
        }
        if (length > limits.maxInMemoryValue()) {
            throw new QuarantineException("value of " + tag(tag) + " is larger than " + limits.maxInMemoryValue()
                    + " bytes (limit deid.parse.maxInMemoryValue)");
        }
        byte[] bytes = in.bytes((int) length);
        Attribute a;
        try {
            a = decoder(d.encoding).decode(tag, vr, bytes, offset, d.charset, d.bitsAllocated > 8 ? 2 : 1, d.signed);
        } catch (DicomException | RuntimeException e) {
            throw new QuarantineException("value of " + tag(tag) + " cannot be decoded as "
                    + ValueRepresentation.getAsString(vr));
        }
        put(d, a);
        remember(d, tag, a);
    }

    /** What later values of the same data set depend on. */
    private static void remember(DataSetFrame d, AttributeTag tag, Attribute a) throws QuarantineException {
        try {
            if (tag.equals(TagFromName.SpecificCharacterSet)) {
                d.charset = new SpecificCharacterSet(a.getStringValues());
            } else if (tag.equals(TagFromName.BitsAllocated)) {
                d.bitsAllocated = a.getSingleIntegerValueOrDefault(16);
            } else if (tag.equals(TagFromName.PixelRepresentation)) {
                d.signed = a.getSingleIntegerValueOrDefault(0) == 1;
            }
        } catch (DicomException | RuntimeException e) {
            throw new QuarantineException("unreadable " + tag(tag));
        }
    }

    /** Encapsulated pixel data: items of fragments up to a sequence delimiter, all kept as one bulk value. */
    private void encapsulated(DataSetFrame d, AttributeTag tag)
            throws QuarantineException, IOException, InputWindow.Truncated {
        long start = in.position();
        int fragments = 0;
        while (true) {
            int group = in.u16(false);
            int element = in.u16(false);
            long length = in.u32(false);
            if (group == 0xFFFE && element == SEQUENCE_END) {
                requireZero(length, tag);
                break;
            }
            if (group != 0xFFFE || element != ITEM || length == UNDEFINED) {
                throw new QuarantineException("encapsulated " + tag(tag) + " is not a sequence of fragments"
                        + " ending with a delimiter");
            }
            checkFits(length, d.limit, tag);
            if (++items > limits.maxItems()) {
                throw new QuarantineException("more than " + limits.maxItems() + " fragments (limit deid.parse.maxItems)");
            }
            in.skip(length);
            fragments++;
        }
        if (fragments == 0) {
            throw new QuarantineException("encapsulated " + tag(tag) + " has no Basic Offset Table item");
        }
        BulkValue bulk = new BulkValue(tag, ValueRepresentation.OB, source, start, in.position() - start, false,
                true, fragments);
        bulkValues.add(bulk);
        put(d, bulk);
    }

    private void checkFits(long length, long limit, AttributeTag tag) throws QuarantineException {
        if (length > limit - in.position()) {
            throw new QuarantineException("the length of " + tag(tag) + " runs past the end of "
                    + (limit == in.size() ? "the file" : "its item") + " (truncated or damaged)");
        }
    }

    private static void requireZero(long length, AttributeTag tag) throws QuarantineException {
        if (length != 0) {
            throw new QuarantineException("a delimiter with a non-zero length" + (tag == null ? "" : " in " + tag(tag)));
        }
    }

    private static void put(DataSetFrame d, Attribute a) throws QuarantineException {
        if (d.list.containsKey(a.getTag())) {
            throw new QuarantineException("attribute " + tag(a.getTag()) + " appears twice in one data set");
        }
        d.list.put(a);
    }

    /** Made when first needed: most instances use one encoding. */
    private ValueDecoder decoder(Encoding e) throws IOException {
        if (!e.explicit) {
            return implicitLe != null ? implicitLe : (implicitLe = new ValueDecoder(false, false));
        }
        if (e.bigEndian) {
            return explicitBe != null ? explicitBe : (explicitBe = new ValueDecoder(true, true));
        }
        return explicitLe != null ? explicitLe : (explicitLe = new ValueDecoder(true, false));
    }

    static String tag(AttributeTag tag) {
        char[] c = {'(', 0, 0, 0, 0, ',', 0, 0, 0, 0, ')'};
        hex(c, 1, tag.getGroup());
        hex(c, 6, tag.getElement());
        return new String(c);
    }

    private static void hex(char[] into, int at, int value) {
        for (int i = 3; i >= 0; i--) {
            into[at + i] = Character.toUpperCase(Character.forDigit(value & 0xF, 16));
            value >>>= 4;
        }
    }
}
