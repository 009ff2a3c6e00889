package org.dicomdeid.fuzz;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.app.Main;
import org.dicomdeid.dicom.BulkValue;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import org.dicomdeid.testing.RealTestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A fuzz campaign with a fixed seed, through the command line: every mutated input ends as a
 * complete output or as a quarantine entry with a reason, the inputs are never touched, the run
 * never dies. Longer campaigns: {@code scripts/fuzz.sh} (the same test, more mutants, other seeds).
 */
class FuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
    private static final int FLIPS = Integer.getInteger("fuzz.flips", 100);
    private static final int STRUCTURAL = Integer.getInteger("fuzz.structural", 150);
    /** Seeds in every encoding: explicit/implicit/big endian, deflate, RLE, JPEG, SR trees, waveforms. */
    private static final List<String> SEEDS = List.of("CT_small.dcm", "MR_small.dcm", "test-SR.dcm",
            "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm", "SC_rgb_rle.dcm", "JPEG-lossy.dcm",
            "waveform_ecg.dcm");
    private static final List<String> EXPLICIT_LITTLE_ENDIAN = List.of("CT_small.dcm", "MR_small.dcm", "test-SR.dcm");

    @TempDir
    Path dir;

    @Test
    void everyMutatedInputEndsCompleteOrQuarantinedWithAReason() throws Exception {
        Map<String, byte[]> mutants = mutants();
        assertThat(mutants).hasSizeGreaterThan(1000);
        Path in = Files.createDirectories(dir.resolve("in"));
        Map<String, String> digests = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> m : mutants.entrySet()) {
            Files.write(in.resolve(m.getKey()), m.getValue());
            digests.put(m.getKey(), sha256(m.getValue()));
        }
        Path out = dir.resolve("out");
        Path quarantine = dir.resolve("quarantine");
        int exit = assertTimeoutPreemptively(Duration.ofMinutes(5), () -> Main.execute("anonymise",
                "--secret-file", dir.resolve("secret").toString(), "--quarantine", quarantine.toString(),
                "--out", out.toString(), in.toString()));
        assertThat(exit).as("exit code").isIn(Main.EXIT_OK, Main.EXIT_QUARANTINED);

        org.dicomdeid.testing.Outputs index = new org.dicomdeid.testing.Outputs(out, dir.resolve("secret"));
        List<String> problems = new ArrayList<>();
        java.util.Set<Path> written = new java.util.HashSet<>();
        int outputs = 0;
        Map<String, Path> found = new LinkedHashMap<>();
        for (String name : mutants.keySet()) { // by name first: renamed outputs are matched after
            assertThat(sha256(Files.readAllBytes(in.resolve(name)))).as("input %s untouched", name)
                    .isEqualTo(digests.get(name));
            found.put(name, index.byName(name));
        }
        for (String name : mutants.keySet()) {
            Path quarantined = quarantine.resolve(name);
            Path reason = quarantine.resolve(name + ".reason.txt");
            boolean isQuarantined = Files.exists(quarantined) && Files.exists(reason);
            Path output = found.get(name) != null || isQuarantined ? found.get(name) : index.byUid(in.resolve(name));
            boolean isOutput = output != null;
            if (isOutput == isQuarantined) {
                problems.add(name + ": " + (isOutput ? "both output and quarantined" : "neither output nor quarantined"));
            } else if (isOutput) {
                outputs++;
                checkComplete(in.resolve(name), output, problems);
                written.add(output);
            } else if (Files.readString(reason).isBlank()) {
                problems.add(name + ": quarantined without a reason");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(written).as("one output per input").hasSize(outputs);
        assertThat(index.size()).as("no output without its input").isEqualTo(outputs);
        assertThat(outputs).as("some mutants are still valid instances").isPositive();
    }

    /** The output reads back, and holds the input's Pixel Data byte for byte. */
    private static void checkComplete(Path input, Path output, List<String> problems) throws IOException {
        try (DicomObject before = DicomFiles.read(input); DicomObject after = DicomFiles.read(output)) {
            Attribute a = before.dataset().get(TagFromName.PixelData);
            Attribute b = after.dataset().get(TagFromName.PixelData);
            if (a instanceof BulkValue in && !(b instanceof BulkValue out && out.storedLength() == in.storedLength()
                    && out.crc() == in.crc())) {
                problems.add(output.getFileName() + ": Pixel Data differs from the input's");
            }
        } catch (QuarantineException e) {
            problems.add(output.getFileName() + ": output or its input unreadable: " + e.getMessage());
        }
    }

    private static Map<String, byte[]> mutants() throws IOException {
        Mutations mutations = new Mutations(SEED);
        Map<String, byte[]> all = new LinkedHashMap<>();
        byte[] ct = null;
        for (String seedName : SEEDS) {
            Path file = RealTestFiles.DEFAULT_FOLDER.resolve(seedName);
            if (!Files.exists(file)) {
                continue;
            }
            byte[] seed = Files.readAllBytes(file);
            String base = seedName.replace(".dcm", "");
            int header = headerLength(seed);
            if (seedName.equals("CT_small.dcm")) {
                ct = seed;
                add(all, mutations.truncations(base, seed, header));
            }
            add(all, mutations.flips(base, seed, header, FLIPS));
            if (EXPLICIT_LITTLE_ENDIAN.contains(seedName)) {
                add(all, mutations.structural(base, seed, STRUCTURAL));
            }
        }
        if (ct != null) {
            all.put("poison-nested-5000.dcm", Mutations.deeplyNested(ct, 5000));
            all.put("poison-pixel-length.dcm", Mutations.hugePixelLength(ct, 0xFFFFFFF0L));
            all.put("poison-deflate-bomb.dcm", Mutations.deflateBomb(ct, 300 << 20));
        }
        return all;
    }

    private static void add(Map<String, byte[]> all, List<Mutations.Mutant> mutants) {
        for (Mutations.Mutant m : mutants) {
            all.put(m.name() + ".dcm", m.bytes());
        }
    }

    /** Bytes before the top-level Pixel Data (or the whole file when it has none). */
    private static int headerLength(byte[] seed) {
        for (int i = 132; i + 4 <= seed.length; i++) {
            if (seed[i] == (byte) 0xE0 && seed[i + 1] == 0x7F && seed[i + 2] == 0x10 && seed[i + 3] == 0x00) {
                return i + 12;
            }
        }
        return seed.length;
    }

    private static String sha256(byte[] bytes) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
