package org.dicomdeid.camel;

import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Durable placement of files, for every place a source is released after (outbox, archive,
 * quarantine, spools): the content goes to a temporary dot-name in the target folder, is forced
 * to disk, renamed, and the folder itself is forced so that the rename survives a power cut.
 * <p>
 * Group commit: where the system has {@code syncfs} ({@code sync -f}, Linux), forcing means one
 * {@code syncfs} of the file system that covers every write and rename made before it started,
 * shared by all workers waiting at that moment: with many files in flight, one flush serves a
 * batch instead of one per file and one per folder. Elsewhere each file and folder is forced by
 * itself ({@link FileChannel#force}), folders still grouped per folder.
 * <p>
 * Temporary names are those {@link DicomFiles#removeStaleTemporaryFiles} cleans at start-up.
 */
public final class DurableFiles {
    private static final ConcurrentHashMap<Path, Group> GROUPS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Path, Object> FILE_SYSTEMS = new ConcurrentHashMap<>();
    private static final boolean SYNCFS = syncfsWorks();

    private DurableFiles() {
    }

    /** Writes {@code content} to a new temporary file beside {@code target}, forced when asked; returns it. */
    public static Path writeTemporary(Path target, DicomFiles.Content content, boolean force) throws IOException {
        Path tmp = DicomFiles.writeTemporary(target, content, force && !SYNCFS);
        if (force && SYNCFS) {
            syncFileSystem(tmp.getParent());
        }
        return tmp;
    }

    /** The same for an instance: written by the kernel where it can, and checked before it is released. */
    public static Path writeTemporary(Path target, DicomObject object, boolean force)
            throws QuarantineException, IOException {
        Path tmp = DicomFiles.writeChecked(object, target, force && !SYNCFS);
        if (force && SYNCFS) {
            syncFileSystem(tmp.getParent());
        }
        return tmp;
    }

    /** Renames a temporary file onto its final name (replacing it) and forces the folder when asked. */
    /**
     * Renames the temporary {@code tmp} to {@code wanted}, or beside it under a name no other
     * instance holds ({@link UniqueNames}); removes {@code tmp} when that fails. Returns the name.
     */
    public static Path place(Path tmp, Path wanted, UniqueNames.Identity identity, boolean force) throws IOException {
        boolean placed = false;
        try {
            Path written = UniqueNames.place(wanted, identity, target -> rename(tmp, target, force));
            placed = true;
            return written;
        } finally {
            if (!placed) { // renamed away otherwise: deleting a missing file costs an exception
                Files.deleteIfExists(tmp);
            }
        }
    }

    public static void rename(Path tmp, Path target, boolean force) throws IOException {
        DicomFiles.moveTemporaryOnto(tmp, target);
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
        move(source, target, true);
    }

    /**
     * As {@link #move(Path, Path)}; with {@code wait=false} a rename within one file system is not
     * forced here (the next force of that file system carries it). For releasing a source whose
     * output is already durable: a crash can only undo the rename, which puts the source back
     * where it came from, to be processed again, never lost.
     */
    public static void move(Path source, Path target, boolean wait) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        DicomFiles.ensureFolder(dir);
        Path sourceDir = source.toAbsolutePath().getParent();
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            copy(source, target, true);
            Files.delete(source);
            wait = true;
        }
        if (wait) {
            forceDirectory(dir);
            if (!SYNCFS) {
                forceDirectory(sourceDir);
            }
        }
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

    /** Forces a folder's entries to disk; concurrent callers share one force (or one syncfs). */
    public static void forceDirectory(Path dir) throws IOException {
        if (SYNCFS) {
            syncFileSystem(dir);
            return;
        }
        Path key = dir.toAbsolutePath().normalize();
        GROUPS.computeIfAbsent(key, d -> new Group(() -> DicomFiles.force(d))).run();
    }

    /** Forces a file written in place (by a Camel producer, say) and its folder entry to disk. */
    public static void forceWithFolder(Path file) throws IOException {
        DicomFiles.force(file);
        forceDirectory(file.toAbsolutePath().getParent());
    }

    private static void syncFileSystem(Path dir) throws IOException {
        Path key = (Path) fileSystemOf(dir);
        GROUPS.computeIfAbsent(key, mount -> new Group(() -> syncfs(mount))).run();
    }

    /** The mount point of the file system {@code dir} is on (cached per folder: FileStore reads the mount table). */
    private static Object fileSystemOf(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Object known = FILE_SYSTEMS.get(abs);
        if (known == null) {
            known = mountPointOf(abs);
            FILE_SYSTEMS.put(abs, known);
        }
        return known;
    }

    private static Path mountPointOf(Path dir) throws IOException {
        java.nio.file.FileStore store = Files.getFileStore(dir);
        Path mount = dir;
        for (Path p = dir.getParent(); p != null && Files.getFileStore(p).equals(store); p = p.getParent()) {
            mount = p;
        }
        return mount;
    }

    private static void syncfs(Path onFileSystem) throws IOException {
        Process p = new ProcessBuilder("sync", "-f", onFileSystem.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("syncfs failed (exit " + p.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while forcing files to disk");
        }
    }

    /**
     * Grouping by syncfs is asked for ({@code -Ddeid.syncfs=true}) and coreutils' {@code sync -f}
     * works on the temporary folder's file system. Off by default: syncfs also flushes whatever
     * else is being written to the same file system (a hospital filling the inbox, a peer's
     * files), and measured here it halved the receiver's rate against forcing each file.
     */
    private static boolean syncfsWorks() {
        if (!Boolean.getBoolean("deid.syncfs")) {
            return false;
        }
        try {
            syncfs(Path.of(System.getProperty("java.io.tmpdir")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Group commit: a caller returns once an action that began after its call has ended. */
    private static final class Group {
        private final IoAction action;
        private long requested;
        private long completed;
        private boolean running;

        Group(IoAction action) {
            this.action = action;
        }

        void run() throws IOException {
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
                            throw new java.io.InterruptedIOException("interrupted while forcing to disk");
                        }
                    }
                    if (completed >= ticket) {
                        return;
                    }
                    running = true;
                    covers = requested;
                }
                boolean ok = false;
                try {
                    action.run();
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

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
