package org.dicomdeid.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Part 10 instance from a {@link Source}: file meta information, then the data set in
 * its transfer syntax (a deflated one inflated to a checked temporary file first), strictly
 * (see {@link StrictParser}). A transfer syntax that the data contradicts is refused.
 */
final class DicomReader {
    private static final int PREAMBLE = 128;

    private DicomReader() {
    }

    static DicomObject read(Source source, ParseLimits limits) throws QuarantineException, IOException {
        return read(source, limits, new ArrayList<>(), false);
    }

    /**
     * {@code temporaries}: files the instance depends on, deleted with it (or now, on failure);
     * {@code structureOnly}: sequences and bulk values only (see {@link StrictParser}).
     */
    static DicomObject read(Source source, ParseLimits limits, List<Path> temporaries, boolean structureOnly)
            throws QuarantineException, IOException {
        return read(source, limits, temporaries, structureOnly, null);
    }

    /**
     * The file meta information and the top-level attributes before {@code stopBefore}, read as
     * strictly as a whole instance (a deflated data set is inflated first); nothing after them
     * is looked at. For decisions that need a few header attributes of every instance, cheaply.
     */
    static AttributeList readHeader(Source source, ParseLimits limits, AttributeTag stopBefore)
            throws QuarantineException, IOException {
        try (DicomObject header = read(source, limits, new ArrayList<>(), false, stopBefore)) {
            return header.dataset();
        }
    }

    private static DicomObject read(Source source, ParseLimits limits, List<Path> temporaries, boolean structureOnly,
                                    AttributeTag stopBefore) throws QuarantineException, IOException {
        boolean ok = false;
        try {
            DicomObject object = source.withReader(reader -> parse(source, reader, limits, temporaries,
                    structureOnly, stopBefore));
            ok = true;
            return object;
        } finally {
            if (!ok) {
                for (Path p : temporaries) {
                    Temporaries.deleteQuietly(p);
                }
            }
        }
    }

    private static DicomObject parse(Source source, Source.Reader reader, ParseLimits limits, List<Path> temporaries,
                                     boolean structureOnly, AttributeTag stopBefore)
            throws QuarantineException, IOException {
        long size = source.size();
        StrictParser meta = new StrictParser(source, reader, size, metaStart(reader, size), limits, false);
        AttributeList list = new AttributeList();
        meta.readMeta(list);
        String uid = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
        if (uid.isEmpty()) {
            // PixelMed would guess the encoding of a bare data set; a wrong guess corrupts it.
            throw new QuarantineException("not a DICOM Part 10 file (no file meta information with a transfer syntax)");
        }
        TransferSyntax ts = new TransferSyntax(uid);
        boolean encapsulatedFamily = uid.startsWith("1.2.840.10008.1.2.4.") || uid.startsWith("1.2.840.10008.1.2.5")
                || uid.equals("1.2.840.10008.1.2.1.98");
        if (!ts.isRecognized() && !ts.isDeflated() && !encapsulatedFamily) {
            throw new QuarantineException("unknown transfer syntax in the file meta information");
        }
        List<BulkValue> bulk;
        List<AttributeTag> tags;
        if (ts.isDeflated()) {
            Path inflated = Inflation.inflate(reader, meta.input().position(), size, limits);
            temporaries.add(inflated);
            Source inner = Source.of(inflated);
            StrictParser data = inner.withReader(r -> {
                StrictParser p = new StrictParser(inner, r, inner.size(), 0, limits, structureOnly);
                p.stopBefore(stopBefore);
                p.readDataSet(list, StrictParser.Encoding.EXPLICIT_LE);
                return p;
            });
            bulk = data.bulkValues();
            tags = data.topLevelTags();
        } else {
            StrictParser data = new StrictParser(source, reader, size, meta.input().position(), limits, structureOnly);
            data.stopBefore(stopBefore);
            data.readDataSet(list, new StrictParser.Encoding(ts.isExplicitVR() || encapsulatedFamily,
                    ts.isBigEndian()));
            bulk = data.bulkValues();
            tags = data.topLevelTags();
        }
        checkPixelDataEncoding(list, ts.isEncapsulated() || encapsulatedFamily);
        if (!structureOnly && stopBefore == null && (Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID).isEmpty()
                || Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID).isEmpty())) {
            throw new QuarantineException("not a composite DICOM instance (no SOP Class or SOP Instance UID)");
        }
        return new DicomObject(list, uid, bulk, tags, temporaries);
    }

    /** After the preamble and "DICM"; or at 0 where the meta information starts without them. */
    private static long metaStart(Source.Reader reader, long size) throws QuarantineException, IOException {
        if (size >= PREAMBLE + 4) {
            ByteBuffer magic = ByteBuffer.allocate(4);
            while (magic.hasRemaining() && reader.read(PREAMBLE + magic.position(), magic) > 0) {
                // filled in the loop condition
            }
            if (new String(magic.array(), java.nio.charset.StandardCharsets.US_ASCII).equals("DICM")) {
                return PREAMBLE + 4;
            }
        }
        ByteBuffer first = ByteBuffer.allocate(2);
        if (size >= 2 && reader.read(0, first) == 2 && first.get(0) == 0x02 && first.get(1) == 0) {
            return 0;
        }
        throw new QuarantineException("not a DICOM Part 10 file (no file meta information with a transfer syntax)");
    }

    /** Compressed transfer syntaxes encapsulate Pixel Data; native ones do not. */
    private static void checkPixelDataEncoding(AttributeList list, boolean encapsulatedSyntax)
            throws QuarantineException {
        Attribute pixels = list.get(TagFromName.PixelData);
        if (pixels == null) {
            return;
        }
        boolean encapsulated = pixels instanceof BulkValue b && b.isEncapsulated();
        if (encapsulated != encapsulatedSyntax) {
            throw new QuarantineException(encapsulatedSyntax
                    ? "the transfer syntax is a compressed one but Pixel Data is not encapsulated"
                    : "the transfer syntax is a native one but Pixel Data is encapsulated");
        }
    }
}
