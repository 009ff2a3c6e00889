package org.dicomdeid.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

/**
 * Reading and writing DICOM instances with PixelMed. Compressed pixel data is kept as it came
 * (never decoded here), and every write goes to a temporary name in the target folder, is
 * flushed to disk, then renamed: no partial file is ever visible under its final name.
 */
public final class DicomFiles {
    /** Our implementation identity in the file meta information. */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.233467418452713440947186393447302476301";
    public static final String IMPLEMENTATION_VERSION = "DICOMDEID_01";

    private DicomFiles() {
    }

    public static DicomObject read(Path file) throws QuarantineException, IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in);
        }
    }

    public static DicomObject read(byte[] bytes) throws QuarantineException {
        try {
            return read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new QuarantineException("unreadable DICOM: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Parses a whole instance. Anything that is not a complete, well-formed DICOM instance with
     * a SOP Class and SOP Instance UID raises {@link QuarantineException} with a PHI-free reason.
     */
    public static DicomObject read(InputStream in) throws QuarantineException, IOException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        String transferSyntax;
        CountingInputStream counted = new CountingInputStream(in);
        long parsed;
        try {
            DicomInputStream din = new DicomInputStream(counted);
            parsed = list.read(din);
            // Known only once the meta information (or, without it, the guess) has been read.
            transferSyntax = din.getTransferSyntaxToReadDataSet() == null
                    ? "" : din.getTransferSyntaxToReadDataSet().getUID();
        } catch (DicomException e) {
            // only the kind of failure: PixelMed's messages can quote bytes of the input
            throw new QuarantineException("not a readable DICOM instance (" + e.getClass().getSimpleName() + ")");
        } catch (java.io.EOFException e) {
            throw new QuarantineException("truncated DICOM instance (unexpected end of file)");
        } catch (IOException | RuntimeException e) {
            throw new QuarantineException("unparsable DICOM instance (" + e.getClass().getSimpleName() + ")");
        }
        String metaTs = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
        if (metaTs.isEmpty() || transferSyntax.isEmpty()) {
            // PixelMed would guess the encoding of a bare data set; a wrong guess corrupts it.
            throw new QuarantineException("not a DICOM Part 10 file (no file meta information with a transfer syntax)");
        }
        transferSyntax = metaTs;
        // PixelMed stops quietly at a truncated attribute: what it parsed then falls short of the
        // bytes the file holds (a deflated data set parses to more bytes than it holds).
        if (parsed < counted.count() && !TransferSyntax.DeflatedExplicitVRLittleEndian.equals(transferSyntax)) {
            throw new QuarantineException("truncated DICOM instance (the last attribute is incomplete)");
        }
        if (Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID).isEmpty()
                || Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID).isEmpty()) {
            throw new QuarantineException("not a composite DICOM instance (no SOP Class or SOP Instance UID)");
        }
        return new DicomObject(list, transferSyntax);
    }


    /** Counts the bytes a parser pulls from a stream. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        // PixelMed marks and resets while it looks for the preamble: count each byte once.
        private long marked;

        @Override
        public synchronized void mark(int readLimit) {
            super.mark(readLimit);
            marked = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            count = marked;
        }

        long count() {
            return count;
        }
    }

    /** Encodes the instance with fresh file meta information (ours, no Source AE Title). */
    public static byte[] encode(DicomObject object) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        write(object, out);
        return out.toByteArray();
    }

    public static void write(DicomObject object, OutputStream out) throws IOException {
        AttributeList list = object.dataset();
        try {
            list.removeGroupLengthAttributes();
            list.removeMetaInformationHeaderAttributes();
            FileMetaInformation.addFileMetaInformation(list, object.transferSyntaxUID(), null);
            list.replace(TagFromName.ImplementationClassUID, IMPLEMENTATION_CLASS_UID);
            list.replace(TagFromName.ImplementationVersionName, IMPLEMENTATION_VERSION);
            updateMetaGroupLength(list);
            // PixelMed closes the stream it writes to whatever closeAfterWrite says; the caller owns it.
            list.write(keepOpen(out), object.transferSyntaxUID(), true, true, false);
        } catch (DicomException e) {
            throw new IOException("cannot encode DICOM instance: " + e.getClass().getSimpleName(), e);
        }
    }

    /** PixelMed computed the group length before our implementation identity replaced its own. */
    private static void updateMetaGroupLength(AttributeList list) throws DicomException, IOException {
        AttributeList meta = new AttributeList();
        for (Attribute a : list.values()) {
            if (a.getTag().getGroup() == 0x0002 && a.getTag().getElement() != 0x0000) {
                meta.put(a);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        meta.write(new com.pixelmed.dicom.DicomOutputStream(bytes, null,
                com.pixelmed.dicom.TransferSyntax.ExplicitVRLittleEndian));
        com.pixelmed.dicom.UnsignedLongAttribute length =
                new com.pixelmed.dicom.UnsignedLongAttribute(TagFromName.FileMetaInformationGroupLength);
        length.addValue(bytes.size());
        list.put(length);
    }

    /** A view of {@code out} whose close() only flushes, so the owner can still fsync and close it. */
    public static OutputStream keepOpen(OutputStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    /** Temporary names of {@link #writeAtomically}: a dot, a random UUID, ".tmp". */
    private static final java.util.regex.Pattern TEMPORARY_NAME =
            java.util.regex.Pattern.compile("\\.[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\.tmp");

    /**
     * Removes temporary files that a killed process left under {@code root}. Call it only while
     * nothing writes there (at start-up): their data never reached a final name and the input
     * they came from was not released, so it will be processed again.
     */
    public static int removeStaleTemporaryFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            List<Path> stale = files.filter(f -> TEMPORARY_NAME.matcher(f.getFileName().toString()).matches())
                    .filter(Files::isRegularFile).toList();
            for (Path f : stale) {
                Files.deleteIfExists(f);
            }
            return stale.size();
        }
    }

    /** Writes to a temporary name beside {@code target}, forces it to disk, then renames. */
    public static void writeAtomically(DicomObject object, Path target) throws IOException {
        writeAtomically(target, out -> write(object, out));
    }

    public static void writeAtomically(byte[] bytes, Path target) throws IOException {
        writeAtomically(target, out -> out.write(bytes));
    }

    /** Something that writes a file's whole content to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void writeAtomically(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // A dot name is skipped by Camel's file consumer and by most watchers.
        Path tmp = dir.resolve("." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                // Writers (PixelMed among them) may close the stream they are given; the channel
                // must stay open until it has been forced to disk.
                content.writeTo(keepOpen(out));
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
