package org.dicomdeid.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.app.Main;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GB multi-frame instance (2,000 frames of 512x512, 16 bits) de-identified by the CLI in its
 * own JVM with a 256 MB heap: the output's Pixel Data is byte-identical and the process's peak
 * resident memory stays under 512 MB; also with the originals encrypted for a recipient.
 */
@Tag("big")
class BigFileTest {
    private static final int FRAMES = 2000;
    private static final long MAX_RESIDENT_KB = 512 * 1024;

    @TempDir
    Path dir;

    @Test
    void aGigabyteMultiFrameFileStreamsThroughUnderASmallHeap() throws Exception {
        Path input = BigMultiFrame.write(Files.createDirectories(dir.resolve("in")).resolve("big.dcm"), FRAMES, 512, 512);
        assertThat(Files.size(input)).isGreaterThan(1_000_000_000L);
        assertStreams(input, List.of());

        assertThat(Main.execute("keygen", "--out", dir.resolve("keys/holder").toString())).isZero();
        assertStreams(input, List.of("--recipient", dir.resolve("keys/holder-cert.pem").toString()));
    }

    private void assertStreams(Path input, List<String> extra) throws Exception {
        Path out = dir.resolve("out");
        deleteTree(out);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "anonymise",
                "--secret-file", dir.resolve("secret").toString(), "--out", out.toString()));
        command.addAll(extra);
        command.add(input.getParent().toString());
        Path log = dir.resolve("log.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long peakKb = 0;
        while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, peakResidentKb(p.pid()));
        }
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(peakKb).as("peak resident memory, kB").isLessThan(MAX_RESIDENT_KB);

        Path written = out.resolve("big.dcm");
        try (DicomObject in = DicomFiles.read(input); DicomObject result = DicomFiles.read(written)) {
            BulkValue before = (BulkValue) in.dataset().get(TagFromName.PixelData);
            BulkValue after = (BulkValue) result.dataset().get(TagFromName.PixelData);
            assertThat(after.storedLength()).isEqualTo(before.storedLength());
            assertThat(after.crc()).isEqualTo(before.crc());
            assertThat(Attribute.getSingleStringValueOrEmptyString(result.dataset(), TagFromName.NumberOfFrames))
                    .isEqualTo(Integer.toString(FRAMES));
            assertThat(Attribute.getSingleStringValueOrEmptyString(result.dataset(), TagFromName.PatientName))
                    .isNotEqualTo(BigMultiFrame.PATIENT_NAME);
        }
        byte[] header = new byte[1 << 16];
        try (var stream = Files.newInputStream(written)) {
            int n = stream.readNBytes(header, 0, header.length);
            assertThat(new String(header, 0, n, StandardCharsets.ISO_8859_1)).doesNotContain(BigMultiFrame.PATIENT_NAME);
        }
    }

    /** VmHWM: the peak resident set of a live process (0 once it has gone). */
    private static long peakResidentKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between two looks
        }
        return 0;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
