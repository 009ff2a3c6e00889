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
 * resident memory stays under 512 MB; also with the originals encrypted for a recipient, and with
 * Clean Pixel Data (a region blanked in every frame as the frames are copied, nothing else changed).
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

        // Clean Pixel Data: the region is blanked in every frame while the frames are copied
        Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - name: banner
                    when: {Modality: OT}
                    regions: [{x: 5, y: 4, width: 40, height: 12}]
                """);
        Files.writeString(dir.resolve("policy.yaml"), "pixelRules: rules.yaml\n");
        assertStreams(input, List.of("--option", "clean-pixel-data", "--policy", dir.resolve("policy.yaml").toString()));
    }

    private void assertStreams(Path input, List<String> extra) throws Exception {
        Path out = dir.resolve("out");
        deleteTree(out);
        boolean cleaned = extra.contains("clean-pixel-data");
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
            if (cleaned) {
                assertBlankedOnlyInRegion(input, written, before.storedLength());
            } else {
                assertThat(after.crc()).isEqualTo(before.crc());
            }
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

    /**
     * Pixel Data is the last element of both files: compared frame by frame, every sample inside
     * the region (5,4 40x12) is 0 in the output, every other byte as in the input.
     */
    private static void assertBlankedOnlyInRegion(Path input, Path output, long length) throws IOException {
        int frameBytes = 2 * 512 * 512;
        byte[] in = new byte[frameBytes];
        byte[] out = new byte[frameBytes];
        try (var a = new java.io.RandomAccessFile(input.toFile(), "r"); var b = new java.io.RandomAccessFile(output.toFile(), "r")) {
            a.seek(a.length() - length);
            b.seek(b.length() - length);
            for (int f = 0; f < FRAMES; f++) {
                a.readFully(in);
                b.readFully(out);
                for (int row = 0; row < 512; row++) {
                    for (int column = 0; column < 512; column++) {
                        int i = 2 * (row * 512 + column);
                        boolean inside = row >= 4 && row < 16 && column >= 5 && column < 45;
                        if (inside ? out[i] != 0 || out[i + 1] != 0 : out[i] != in[i] || out[i + 1] != in[i + 1]) {
                            throw new AssertionError("frame " + f + " row " + row + " column " + column
                                    + (inside ? " not blanked" : " changed outside the region"));
                        }
                    }
                }
            }
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
