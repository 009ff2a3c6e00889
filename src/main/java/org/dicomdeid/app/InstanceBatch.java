package org.dicomdeid.app;

import org.dicomdeid.deid.DicomFiles;
import org.dicomdeid.deid.DicomObject;
import org.dicomdeid.deid.QuarantineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Applies one in-place change to every DICOM file under the inputs, keeping their relative
 * layout under {@code out}; a file that cannot be handled is copied to {@code quarantine} with
 * NAME.reason.txt beside it. Exit code 0 when all went through, 3 when some were quarantined.
 *
 * <p>Kept small on purpose: when the engine's BatchRunner is available, a command can hand it
 * the same {@link Change} instead.
 */
final class InstanceBatch {
    /** What to do to one instance; throws {@link QuarantineException} when it cannot. */
    @FunctionalInterface
    interface Change {
        void apply(DicomObject object) throws QuarantineException;
    }

    private final Path out;
    private final Path quarantine;
    private final Change change;
    private int done;
    private int quarantined;

    InstanceBatch(Path out, Path quarantine, Change change) {
        this.out = out;
        this.quarantine = quarantine;
        this.change = change;
    }

    int run(List<Path> inputs) throws IOException {
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                for (Path file : filesUnder(input)) {
                    handle(file, input.relativize(file));
                }
            } else {
                handle(input, input.getFileName());
            }
        }
        System.err.printf("%d restored, %d quarantined%n", done, quarantined);
        return quarantined == 0 ? Main.EXIT_OK : Main.EXIT_QUARANTINED;
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = new ArrayList<>();
            walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().forEach(files::add);
            return files;
        }
    }

    private void handle(Path file, Path relative) throws IOException {
        try {
            DicomObject object = DicomFiles.read(file);
            change.apply(object);
            DicomFiles.writeAtomically(object, out.resolve(relative));
            done++;
        } catch (QuarantineException e) {
            quarantined++;
            Path target = quarantine.resolve(relative);
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(target.resolveSibling(target.getFileName() + ".reason.txt"),
                    e.getMessage() + System.lineSeparator(), StandardCharsets.UTF_8);
        }
    }
}
