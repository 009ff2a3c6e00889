package org.dicomdeid.camel.dicomweb;

import org.dicomdeid.dicom.DicomFiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where pulled studies wait until each of their instances has been processed. A study is
 * received into a folder of {@code .incoming/} (each instance streamed to its own file and forced
 * to disk), then the whole folder is renamed into the spool at once, with a {@code .study} file
 * holding the study's keyed hash: so the spool holds only complete studies, and a crash before
 * the study was recorded as pulled is repaired at start ({@link #pending()} gives the hash back).
 * Names are random and sortable by arrival: nothing from the data set.
 */
final class PullSpool {
    static final String STUDY_FILE = ".study";
    private static final String INCOMING = ".incoming";
    private static final String SUFFIX = ".dcm";

    private final Path folder;
    private final Path incoming;

    PullSpool(Path folder) throws IOException {
        this.folder = folder.toAbsolutePath().normalize();
        this.incoming = this.folder.resolve(INCOMING);
        Files.createDirectories(incoming);
    }

    /** A spooled study: its keyed hash, its folder and the instances still to process, oldest first. */
    record Study(String hash, Path dir, List<Path> instances) {
    }

    /** Removes studies whose retrieval a previous run did not complete: they were never recorded. */
    int discardIncomplete() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(incoming)) {
            for (Path d : dirs) {
                deleteTree(d);
                removed++;
            }
        }
        return removed;
    }

    /** Complete studies not yet processed, oldest first. */
    List<Study> pending() throws IOException {
        List<Study> result = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(folder, d -> Files.isDirectory(d)
                && !d.getFileName().toString().startsWith("."))) {
            for (Path d : dirs) {
                Path studyFile = d.resolve(STUDY_FILE);
                if (Files.exists(studyFile)) {
                    result.add(new Study(Files.readString(studyFile, StandardCharsets.US_ASCII).strip(), d, instances(d)));
                }
            }
        }
        result.sort(Comparator.comparing(s -> s.dir().getFileName().toString()));
        return result;
    }

    private static List<Path> instances(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    /** Starts receiving a study. */
    Staging stage() throws IOException {
        return new Staging(Files.createDirectory(incoming.resolve(UUID.randomUUID().toString())));
    }

    /** Forgets a processed instance; the study's folder goes with its last instance. */
    void release(Path instance) throws IOException {
        Files.deleteIfExists(instance);
        Path dir = instance.getParent();
        if (instances(dir).isEmpty()) {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** A study being received: one file per instance, then committed or abandoned as a whole. */
    final class Staging implements AutoCloseable {
        private final Path dir;
        private int count;
        private boolean committed;

        private Staging(Path dir) {
            this.dir = dir;
        }

        /** Opens the next instance's file; what is written is forced to disk when the stream closes. */
        OutputStream newInstance() throws IOException {
            FileChannel ch = FileChannel.open(dir.resolve(String.format("%06d%s", ++count, SUFFIX)),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16) {
                @Override
                public void close() throws IOException {
                    try (ch) {
                        flush();
                        ch.force(true);
                    }
                }
            };
        }

        int count() {
            return count;
        }

        /** Moves the complete study into the spool, durably, under a new name; returns its folder. */
        Path commit(String hash) throws IOException {
            Path studyFile = dir.resolve(STUDY_FILE);
            Files.writeString(studyFile, hash + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
            DicomFiles.force(studyFile);
            DicomFiles.force(dir);
            Path target = folder.resolve(String.format("%013d-%s", System.currentTimeMillis(), UUID.randomUUID()));
            try {
                Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the spool and its incoming folder must be on one file system", e);
            }
            DicomFiles.force(folder);
            committed = true;
            return target;
        }

        /** Drops an incomplete study (nothing of it is recorded). */
        @Override
        public void close() throws IOException {
            if (!committed) {
                deleteTree(dir);
            }
        }
    }
}
