package org.dicomdeid.deid;

import org.dicomdeid.dicom.DicomFiles;

import org.dicomdeid.app.Main;
import org.dicomdeid.testing.Dciodvfy;
import org.dicomdeid.testing.Dcmdump;
import org.dicomdeid.testing.RealTestFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's python3-pydicom test files (big and little endian, implicit VR, deflate, JPEG,
 * JPEG 2000, RLE, odd character sets, truncated, not DICOM) through `deid anonymise`: every
 * valid one comes out readable and no less valid; every broken one is quarantined with a reason.
 */
@Tag("peers")
class RealFilesTest {
    @TempDir
    static Path dir;
    static Path in;
    static Path out;
    static Path quarantine;
    static int exitCode;

    @BeforeAll
    static void anonymiseThemAll() throws Exception {
        in = RealTestFiles.folderOrSkip();
        out = dir.resolve("out");
        quarantine = dir.resolve("quarantine");
        exitCode = Main.execute("anonymise", "--secret-file", dir.resolve("secret").toString(),
                "--out", out.toString(), in.toString());
    }

    @Test
    void everyValidFileComesOutReadableAndNoLessValid() throws Exception {
        assertThat(exitCode).isEqualTo(Main.EXIT_QUARANTINED); // the broken ones
        org.dicomdeid.testing.Outputs outputs = new org.dicomdeid.testing.Outputs(out, dir.resolve("secret"));
        List<String> problems = new ArrayList<>();
        for (RealTestFiles.RealFile f : RealTestFiles.valid()) {
            Path output = outputs.of(in.resolve(f.name()), f.name()); // names may have hidden identifying values
            if (output == null) {
                problems.add(f.name() + ": no output, quarantined because " + reason(f.name()));
                continue;
            }
            try {
                DicomFiles.read(output);
            } catch (Exception e) {
                problems.add(f.name() + ": output unreadable by PixelMed: " + e.getMessage());
            }
            if (Dcmdump.isInstalled() && !Dcmdump.isReadable(output)) {
                problems.add(f.name() + ": output unreadable by dcmdump");
            }
            if (Dciodvfy.isInstalled()) {
                Set<String> added = Dciodvfy.newErrors(f.path(), output);
                if (!added.isEmpty()) {
                    problems.add(f.name() + ": new dciodvfy errors " + added);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(RealTestFiles.valid()).hasSizeGreaterThan(50);
    }

    @Test
    void everyBrokenFileIsQuarantinedWithAReason() throws Exception {
        for (RealTestFiles.RealFile f : RealTestFiles.broken()) {
            assertThat(out.resolve(f.name())).as(f.name() + " (" + f.why() + ")").doesNotExist();
            assertThat(quarantine.resolve(f.name())).as(f.name()).exists();
            assertThat(reason(f.name())).as(f.name()).isNotBlank();
        }
    }

    @Test
    void inputsAreUntouched() throws Exception {
        for (RealTestFiles.RealFile f : RealTestFiles.all()) {
            assertThat(Files.exists(f.path())).isTrue();
        }
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    private static String reason(String name) {
        try {
            return Files.readString(quarantine.resolve(name + ".reason.txt"));
        } catch (Exception e) {
            return "(no reason file)";
        }
    }
}
