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
    private Temporaries() {
    }

    static Path create(String purpose) throws IOException {
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
