package org.dicomdeid.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Temporary files that hold an instance's bytes while it is processed (a received stream, an
 * inflated data set): private to this user, in {@code java.io.tmpdir} (or {@code deid.tmpdir}),
 * deleted when the instance is closed or collected.
 */
final class Temporaries {
    /** Temporaries not deleted yet: what is left when the JVM exits goes then (a Cleaner may never run). */
    private static final java.util.Set<Path> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Temporaries::deleteQuietly),
                "deid-temporaries"));
    }

    private Temporaries() {
    }

    /** Deletes a temporary file made by {@link #create}, if it is still there. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // in the temporary folder: nothing more can be done
        }
        LIVE.remove(file);
    }

    static Path create(String purpose) throws IOException {
        Path file = createFile(purpose);
        LIVE.add(file);
        return file;
    }

    private static Path createFile(String purpose) throws IOException {
        Path dir = Path.of(System.getProperty("deid.tmpdir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(dir);
        try {
            return Files.createTempFile(dir, ".deid-" + purpose + "-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(dir, ".deid-" + purpose + "-", ".tmp");
        }
    }
}
