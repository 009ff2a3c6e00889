package org.dicomdeid.camel.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One instance to send with C-STORE: its SOP class and instance, the transfer syntax it is
 * encoded in, and a way to write its data set (without file meta information) either exactly as
 * stored, or converted to another transfer syntax, decompressing pixel data when needed.
 */
abstract class OutgoingInstance {
    private final String sopClassUID;
    private final String sopInstanceUID;
    private final String transferSyntaxUID;

    OutgoingInstance(String sopClassUID, String sopInstanceUID, String transferSyntaxUID) throws DicomStoreException {
        if (sopClassUID.isEmpty() || sopInstanceUID.isEmpty() || transferSyntaxUID.isEmpty()) {
            throw new DicomStoreException("not a sendable DICOM instance (no SOP Class, SOP Instance or Transfer Syntax UID)");
        }
        this.sopClassUID = sopClassUID;
        this.sopInstanceUID = sopInstanceUID;
        this.transferSyntaxUID = transferSyntaxUID;
    }

    String sopClassUID() {
        return sopClassUID;
    }

    String sopInstanceUID() {
        return sopInstanceUID;
    }

    String transferSyntaxUID() {
        return transferSyntaxUID;
    }

    /** Writes the data set in its own transfer syntax, byte for byte. */
    abstract void writeAsStored(OutputStream out) throws IOException, DicomException;

    /** Reads the whole instance, pixel data decompressed if it was compressed. */
    abstract AttributeList readDecompressed() throws IOException, DicomException;

    /** Writes the data set in {@code transferSyntax}, which differs from the stored one. */
    final void writeConverted(OutputStream out, String transferSyntax) throws IOException, DicomException {
        AttributeList list = readDecompressed();
        if (new TransferSyntax(transferSyntaxUID).isEncapsulated()) {
            // The decoded pixels are now native: describe them as such (PS3.5 8.2) and record
            // that lossy compression happened, if it did.
            list.correctDecompressedImagePixelModule();
            list.insertLossyImageCompressionHistoryIfDecompressed();
        }
        list.removeMetaInformationHeaderAttributes();
        list.removeGroupLengthAttributes();
        list.write(out, transferSyntax, false, true, false);
    }

    static OutgoingInstance of(Path file) throws IOException {
        return new FileInstance(file);
    }

    static OutgoingInstance of(DicomObject object) throws IOException {
        return new ObjectInstance(object);
    }

    static String string(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
    }

    static AttributeList readAll(InputStream in) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(true);
        list.read(new DicomInputStream(in));
        return list;
    }

    /** A Part 10 file: sent straight from disk when the transfer syntax was accepted. */
    private static final class FileInstance extends OutgoingInstance {
        private static final java.util.Set<String> LONG_VRS = java.util.Set.of("OB", "OW", "OF", "OD", "OL", "OV", "SQ",
                "UT", "UN", "UC", "UR", "SV", "UV");
        private final Path file;
        private final long dataSetOffset;

        FileInstance(Path file) throws IOException {
            this(file, readMeta(file));
        }

        private FileInstance(Path file, AttributeList meta) throws IOException {
            super(string(meta, TagFromName.MediaStorageSOPClassUID), string(meta, TagFromName.MediaStorageSOPInstanceUID),
                    string(meta, TagFromName.TransferSyntaxUID));
            this.file = file;
            this.dataSetOffset = dataSetOffset(file);
        }

        private static AttributeList readMeta(Path file) throws IOException {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                AttributeList meta = new AttributeList();
                meta.readOnlyMetaInformationHeader(new DicomInputStream(in));
                return meta;
            } catch (DicomException e) {
                throw new DicomStoreException("not a DICOM Part 10 file (" + e.getClass().getSimpleName() + ")");
            }
        }

        /**
         * Where the data set starts: after the preamble, "DICM" and the group 2 elements, which
         * are always Explicit VR Little Endian. The elements are walked rather than trusting
         * (0002,0000), which some writers leave stale; -1 when the file is not laid out so.
         */
        private static long dataSetOffset(Path file) throws IOException {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                byte[] preamble = in.readNBytes(132);
                if (preamble.length < 132 || preamble[128] != 'D' || preamble[129] != 'I' || preamble[130] != 'C'
                        || preamble[131] != 'M') {
                    return -1;
                }
                long offset = 132;
                while (true) {
                    byte[] h = in.readNBytes(8);
                    if (h.length < 8 || (h[0] & 0xff | (h[1] & 0xff) << 8) != 0x0002) {
                        return h.length == 0 || h.length == 8 ? offset : -1;
                    }
                    String vr = new String(h, 4, 2, java.nio.charset.StandardCharsets.US_ASCII);
                    long length;
                    int headerLength;
                    if (LONG_VRS.contains(vr)) {
                        byte[] l = in.readNBytes(4);
                        if (l.length < 4) {
                            return -1;
                        }
                        length = (l[0] & 0xffL) | (l[1] & 0xffL) << 8 | (l[2] & 0xffL) << 16 | (l[3] & 0xffL) << 24;
                        headerLength = 12;
                    } else {
                        length = (h[6] & 0xff) | (h[7] & 0xff) << 8;
                        headerLength = 8;
                    }
                    in.skipNBytes(length);
                    offset += headerLength + length;
                }
            } catch (java.io.EOFException e) {
                return -1;
            }
        }

        @Override
        void writeAsStored(OutputStream out) throws IOException, DicomException {
            if (dataSetOffset < 0) {
                // No group length to find the data set by: re-encode it, same transfer syntax.
                AttributeList list = readDecompressed();
                list.removeMetaInformationHeaderAttributes();
                list.write(out, transferSyntaxUID(), false, true, false);
                return;
            }
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(dataSetOffset);
                in.transferTo(out);
            }
        }

        @Override
        AttributeList readDecompressed() throws IOException, DicomException {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                return readAll(in);
            }
        }
    }

    /** An instance already in memory, for example the anonymiser's output. */
    private static final class ObjectInstance extends OutgoingInstance {
        private final DicomObject object;

        ObjectInstance(DicomObject object) throws DicomStoreException {
            super(object.sopClassUID(), object.sopInstanceUID(), object.transferSyntaxUID());
            this.object = object;
        }

        @Override
        void writeAsStored(OutputStream out) throws IOException, DicomException {
            AttributeList dataSet = new AttributeList();
            for (Object a : object.dataset().values()) {
                Attribute attribute = (Attribute) a;
                if (attribute.getTag().getGroup() != 0x0002) {
                    dataSet.put(attribute);
                }
            }
            dataSet.write(out, transferSyntaxUID(), false, true, false);
        }

        @Override
        AttributeList readDecompressed() throws IOException, DicomException {
            // Compressed pixel data in memory is kept as fragments; decoding goes through a
            // Part 10 encoding and PixelMed's reader, the same path as for files.
            byte[] encoded = DicomFiles.encode(object);
            return readAll(new ByteArrayInputStream(encoded));
        }
    }

    /** Reads a Part 10 byte array as a DicomObject (used for byte[] bodies). */
    static OutgoingInstance of(byte[] bytes) throws IOException {
        try {
            return of(DicomFiles.read(bytes));
        } catch (QuarantineException e) {
            throw new DicomStoreException("not a sendable DICOM instance: " + e.getMessage());
        }
    }
}
