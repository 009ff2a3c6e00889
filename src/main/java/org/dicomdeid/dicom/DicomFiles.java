package org.dicomdeid.dicom;


import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reading and writing DICOM instances. Reading is strict and streams (see {@link StrictParser}):
 * bulk values stay in their file, compressed pixel data is never decoded here. Every write goes
 * to a temporary name in the target folder, is checked against the instance, then renamed: no
 * partial or incomplete file is ever visible under its final name.
 */
public final class DicomFiles {
    /** Our implementation identity in the file meta information. */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.233467418452713440947186393447302476301";
    public static final String IMPLEMENTATION_VERSION = "DICOMDEID_01";

    private DicomFiles() {
    }

    public static DicomObject read(Path file) throws QuarantineException, IOException {
        return DicomReader.read(Source.of(file), ParseLimits.DEFAULTS);
    }

    public static DicomObject read(byte[] bytes) throws QuarantineException {
        try {
            return DicomReader.read(Source.of(bytes), ParseLimits.DEFAULTS);
        } catch (IOException e) {
            throw new QuarantineException("unreadable DICOM: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Parses a whole instance from a stream, which is first copied to a temporary file (deleted
     * with the instance): memory does not grow with the size of what arrives. Anything that is
     * not a complete, well-formed DICOM instance with a SOP Class and SOP Instance UID raises
     * {@link QuarantineException} with a PHI-free reason.
     */
    public static DicomObject read(InputStream in) throws QuarantineException, IOException {
        Path spooled = Temporaries.create("stream");
        List<Path> temporaries = new ArrayList<>(List.of(spooled));
        try {
            Files.copy(in, spooled, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Temporaries.deleteQuietly(spooled);
            throw e;
        }
        return DicomReader.read(Source.of(spooled), ParseLimits.DEFAULTS, temporaries, false);
    }

    /** Encodes the instance with fresh file meta information (ours, no Source AE Title). */
    public static byte[] encode(DicomObject object) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        write(object, out);
        return out.toByteArray();
    }

    public static void write(DicomObject object, OutputStream out) throws IOException {
        DicomWriter.write(object, Channels.newChannel(keepOpen(out)));
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

    /**
     * Writes to a temporary name beside {@code target}, checks the written file against the
     * instance ({@link OutputCheck}: no bulk value lost), forces it and its folder to disk, then
     * renames: for outputs that release their source (routes, spools).
     */
    public static void writeAtomically(DicomObject object, Path target) throws QuarantineException, IOException {
        writeAtomically(object, target, true);
    }

    /**
     * As above; {@code durable=false} skips the forcing to disk, for outputs whose source is
     * never released (the CLI only reads its inputs): the rename still hides partial files.
     */
    public static void writeAtomically(DicomObject object, Path target, boolean durable)
            throws QuarantineException, IOException {
        rename(writeChecked(object, target, durable), target, durable);
    }

    /**
     * Writes the instance to a new temporary dot-name beside {@code target} (bulk values copied by
     * the kernel), forced to disk when {@code force}, and checked against the instance
     * ({@link OutputCheck}); returns it for the caller to rename. Nothing is left behind on failure.
     */
    public static Path writeChecked(DicomObject object, Path target, boolean force)
            throws QuarantineException, IOException {
        Path tmp = temporaryBeside(target);
        boolean ok = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                DicomWriter.write(object, ch);
                if (force) {
                    ch.force(true);
                }
            }
            OutputCheck.verify(object, tmp);
            ok = true;
            return tmp;
        } finally {
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    public static void writeAtomically(byte[] bytes, Path target) throws IOException {
        writeAtomically(target, out -> out.write(bytes));
    }

    /** Something that writes a file's whole content to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code content} to a temporary name, forces it to disk, renames it, forces the folder. */
    public static void writeAtomically(Path target, Content content) throws IOException {
        rename(writeTemporary(target, content, true), target, true);
    }

    /**
     * Writes {@code content} to a new temporary dot-name beside {@code target}, forced to disk when
     * {@code force}; returns it for the caller to rename. Nothing is left behind on failure.
     */
    public static Path writeTemporary(Path target, Content content, boolean force) throws IOException {
        Path tmp = temporaryBeside(target);
        boolean ok = false;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
            // Writers (PixelMed among them) may close the stream they are given; the channel
            // must stay open until it has been forced to disk.
            content.writeTo(keepOpen(out));
            out.flush();
            if (force) {
                ch.force(true);
            }
            ok = true;
            return tmp;
        } finally {
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** A dot name is skipped by Camel's file consumer and by most watchers. */
    /** Creates {@code dir} and its parents when missing (createDirectories alone throws and catches when it exists). */
    public static void ensureFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    private static Path temporaryBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        ensureFolder(dir);
        return dir.resolve("." + UUID.randomUUID() + ".tmp");
    }

    private static void rename(Path tmp, Path target, boolean durable) throws IOException {
        moveTemporaryOnto(tmp, target);
        if (durable) {
            forceFolder(target.toAbsolutePath().getParent());
        }
    }

    /**
     * Renames the temporary {@code tmp} onto {@code target}, replacing it: atomically where the
     * file system can. When that fails the temporary is removed (only then: deleting a file that
     * is gone costs an exception per file).
     */
    public static void moveTemporaryOnto(Path tmp, Path target) throws IOException {
        boolean moved = false;
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** fsync of a file, or of a folder so that a rename into it survives a power cut. */
    public static void force(Path path) throws IOException {
        boolean folder = Files.isDirectory(path);
        try (FileChannel ch = FileChannel.open(path, folder ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Forces a folder's entries (a rename) to disk; where the platform cannot, the rename stands as is. */
    private static void forceFolder(Path dir) throws IOException {
        try {
            force(dir);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
            // not every file system lets a folder be opened for this
        }
    }

    /**
     * Moves a spooled input whose processing failed because of the input into {@code folder},
     * as {@code name} (PHI-free: a spool name) beside {@code NAME.reason.txt}, both durable before
     * the input goes. Returns where it went.
     */
    public static Path quarantine(Path input, Path folder, String name, String reason) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        Path target = dir.resolve(Path.of(name).getFileName().toString());
        writeAtomically(dir.resolve(target.getFileName() + ".reason.txt"),
                out -> out.write((reason + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        writeAtomically(target, out -> Files.copy(input, out));
        Files.delete(input);
        return target;
    }
}
