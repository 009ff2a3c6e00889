package org.dicomdeid.camel.dicom;

import com.pixelmed.dicom.StoredFilePathStrategy;
import org.dicomdeid.dicom.DicomFiles;

import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The folder where received instances are made durable before the C-STORE response is sent.
 *
 * <p>PixelMed's SCP streams each data set into {@link #incomingFolder()} (a dot folder nobody
 * else reads), closes it <em>without</em> forcing it to disk, renames it, then calls our
 * {@link com.pixelmed.network.ReceivedObjectHandler} and only after that returns sends the
 * C-STORE response. {@link #accept(Path)} runs inside that handler: it forces the file's bytes
 * to disk, renames it into the spool folder and forces the folder entry too. So when the peer
 * sees "success", the instance survives a crash or power loss; a file still in the incoming
 * folder after a crash was never acknowledged and is discarded (the sender still has it).
 *
 * <p>Group commit: the folder entry is forced once for every rename done before the force
 * started, so associations receiving at the same time share that fsync; each caller still
 * returns only once its own rename is durable.
 *
 * <p>Names are {@code <millis>-<counter>-<uuid>.dcm}: unique, sortable by arrival, and free of
 * anything taken from the data set (no UIDs, no PHI).
 */
public final class DurableSpool {
    public static final String SUFFIX = ".dcm";
    private static final String INCOMING = ".incoming";
    private static final AtomicLong COUNTER = new AtomicLong();

    private final Path folder;
    private final Path incoming;
    private final Object directorySync = new Object();
    /** Renames done into the folder, and how many of them a completed directory fsync covers. */
    private long renamed;
    private long synced;
    private boolean syncing;

    public DurableSpool(Path folder) throws IOException {
        this.folder = folder.toAbsolutePath().normalize();
        this.incoming = this.folder.resolve(INCOMING);
        Files.createDirectories(incoming);
    }

    public Path folder() {
        return folder;
    }

    /** Where PixelMed writes data sets while they arrive. */
    public Path incomingFolder() {
        return incoming;
    }

    /** Removes partial or unacknowledged receptions left over by a previous run. */
    public int discardUnacknowledged() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(incoming)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Accepted instances not yet processed successfully, oldest first. */
    public List<Path> pending() throws IOException {
        List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    result.add(f);
                }
            }
        }
        result.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return result;
    }

    /**
     * Makes a completely received file durable under a new spool name and returns that name.
     * Throws if that cannot be guaranteed; the caller must then not acknowledge the instance.
     */
    public Path accept(Path received) throws IOException {
        DicomFiles.force(received);
        Path target = folder.resolve(newName());
        long mine;
        synchronized (directorySync) {
            try {
                Files.move(received, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("spool and its incoming folder must be on one file system", e);
            }
            mine = ++renamed;
        }
        awaitDirectorySynced(mine);
        return target;
    }

    /** Returns once a directory fsync that started after rename number {@code mine} completed. */
    private void awaitDirectorySynced(long mine) throws IOException {
        while (true) {
            long upTo;
            synchronized (directorySync) {
                while (syncing && synced < mine) {
                    try {
                        directorySync.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted before the spool folder was forced to disk", e);
                    }
                }
                if (synced >= mine) {
                    return;
                }
                syncing = true;
                upTo = renamed;
            }
            boolean ok = false;
            try {
                DicomFiles.force(folder);
                ok = true;
            } finally {
                synchronized (directorySync) {
                    syncing = false;
                    if (ok) {
                        synced = Math.max(synced, upTo);
                    }
                    directorySync.notifyAll();
                }
            }
        }
    }

    /** Forgets an instance once its exchange completed. */
    public void release(Path spooled) throws IOException {
        Files.deleteIfExists(spooled);
    }

    /**
     * Moves an instance whose processing failed because of the input into {@code quarantine},
     * under its spool name (no PHI) beside {@code NAME.reason.txt}, both durable before the spool
     * entry goes. Returns where it went.
     */
    public Path quarantine(Path spooled, Path quarantine, String reason) throws IOException {
        return DicomFiles.quarantine(spooled, quarantine, spooled.getFileName().toString(), reason);
    }

    private static String newName() {
        return String.format("%013d-%06d-%s%s", System.currentTimeMillis(),
                COUNTER.incrementAndGet() % 1_000_000, UUID.randomUUID(), SUFFIX);
    }

    /**
     * Names PixelMed's incoming files with random names instead of SOP Instance UIDs, so two
     * associations sending the same instance at once never write to the same file, and no
     * identifier from the data set appears in a file name.
     */
    static final class RandomFileNames extends StoredFilePathStrategy {
        @Override
        public String makeStoredFilePath(String sopInstanceUID) {
            return UUID.randomUUID() + ".part";
        }

        @Override
        public File makeStoredFilePath(File savedImagesFolder, String sopInstanceUID) {
            return new File(savedImagesFolder, makeStoredFilePath(sopInstanceUID));
        }

        @Override
        public String toString() {
            return "random names";
        }
    }
}
