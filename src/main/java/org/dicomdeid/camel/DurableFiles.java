package org.dicomdeid.camel;

import org.dicomdeid.dicom.DicomFiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Durable placement of files, for every place a source is released after (outbox, archive,
 * quarantine, spools): the content goes to a temporary dot-name in the target folder, is forced
 * to disk, renamed, and the folder itself is forced so that the rename survives a power cut.
 * Directory forces are grouped: one force covers every rename made in that folder before it
 * started, so parallel workers share them (group commit).
 * <p>
 * Temporary names are those {@link DicomFiles#removeStaleTemporaryFiles} cleans at start-up.
 */
public final class DurableFiles {
    private static final ConcurrentHashMap<Path, DirectoryForce> DIRECTORIES = new ConcurrentHashMap<>();

    private DurableFiles() {
    }

    /** Writes {@code content} to a new temporary file beside {@code target}, forced when asked; returns it. */
    public static Path writeTemporary(Path target, DicomFiles.Content content, boolean force) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + UUID.randomUUID() + ".tmp");
        boolean done = false;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
            // writers (PixelMed among them) may close what they are given: keep the channel open to force it
            content.writeTo(DicomFiles.keepOpen(out));
            out.flush();
            if (force) {
                ch.force(true);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        return tmp;
    }

    /** Renames a temporary file onto its final name (replacing it) and forces the folder when asked. */
    public static void rename(Path tmp, Path target, boolean force) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (force) {
            forceDirectory(target.toAbsolutePath().getParent());
        }
    }

    /**
     * Moves {@code source} to {@code target} (replacing it): a rename within one file system, the
     * same file under a new name; across file systems a durable copy, then the source is deleted.
     * Both folders are forced before this returns.
     */
    public static void move(Path source, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(dir);
        } catch (AtomicMoveNotSupportedException e) {
            copy(source, target, true);
            Files.delete(source);
        }
        forceDirectory(source.toAbsolutePath().getParent());
    }

    /** Copies {@code source} to {@code target} through a temporary name (replacing it). */
    public static void copy(Path source, Path target, boolean force) throws IOException {
        Path tmp = writeTemporary(target, out -> Files.copy(source, out), force);
        rename(tmp, target, force);
    }

    /** Deletes a released source and forces its folder, so the deletion does not come back after a crash. */
    public static void delete(Path source) throws IOException {
        Files.deleteIfExists(source);
        forceDirectory(source.toAbsolutePath().getParent());
    }

    /** Forces a folder's entries to disk; concurrent callers share one force. */
    public static void forceDirectory(Path dir) throws IOException {
        DIRECTORIES.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new DirectoryForce()).force(dir);
    }

    /** Group commit for one folder: a caller returns once a force that began after its call has ended. */
    private static final class DirectoryForce {
        private long requested;
        private long completed;
        private boolean running;

        void force(Path dir) throws IOException {
            long ticket;
            synchronized (this) {
                ticket = ++requested;
            }
            while (true) {
                long covers;
                synchronized (this) {
                    while (running && completed < ticket) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException("interrupted while forcing a folder to disk");
                        }
                    }
                    if (completed >= ticket) {
                        return;
                    }
                    running = true;
                    covers = requested;
                }
                boolean ok = false;
                try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                    ch.force(true);
                    ok = true;
                } finally {
                    synchronized (this) {
                        running = false;
                        if (ok) {
                            completed = Math.max(completed, covers);
                        }
                        notifyAll();
                    }
                }
            }
        }
    }
}
