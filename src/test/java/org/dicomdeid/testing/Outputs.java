package org.dicomdeid.testing;

import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.deid.UidMapper;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds an input's output: under its own relative name, or else by what it is — a component of an
 * output path may have been renamed (a folder named by Patient ID, a file named by accession becomes
 * {@code ID-<keyed hash>}), but the output's SOP Instance UID is the input's, mapped with the secret.
 * Several inputs may share a SOP Instance UID (test files derived from one another, mutants): each
 * output is handed out once.
 */
public final class Outputs {
    private final Map<String, java.util.List<Path>> bySopInstanceUid = new HashMap<>();
    private final java.util.Set<Path> claimed = new java.util.HashSet<>();
    private final Path root;
    private final UidMapper uids;
    private int count;

    /** Indexes every readable DICOM file under {@code root}; {@code secretFile} is the run's secret. */
    public Outputs(Path root, Path secretFile) throws IOException {
        this.root = root;
        this.uids = new UidMapper(ProjectSecret.of(HexFormat.of().parseHex(Files.readString(secretFile).strip())));
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                try (DicomObject o = DicomFiles.read(p)) {
                    bySopInstanceUid.computeIfAbsent(o.sopInstanceUID(), k -> new java.util.ArrayList<>()).add(p);
                    count++;
                } catch (Exception notAnInstance) {
                    // not an output of ours
                }
            }
        }
    }

    /** The output of {@code input} (at {@code relative} in its run), or null when there is none. */
    public Path of(Path input, String relative) {
        Path byName = byName(relative);
        return byName != null ? byName : byUid(input);
    }

    /** The output under the input's own name, if it is there and not handed out yet. */
    public Path byName(String relative) {
        Path byName = root.resolve(relative);
        return Files.isRegularFile(byName) && claimed.add(byName) ? byName : null;
    }

    /**
     * An output not handed out yet whose SOP Instance UID is the input's, mapped: ask after every
     * {@link #byName} so that a renamed output is never taken from an input that kept its name.
     */
    public Path byUid(Path input) {
        try (DicomObject o = DicomFiles.read(input)) {
            for (Path candidate : bySopInstanceUid.getOrDefault(uids.map(o.sopInstanceUID()), java.util.List.of())) {
                if (claimed.add(candidate)) {
                    return candidate;
                }
            }
        } catch (Exception unreadable) {
            // no output can be its
        }
        return null;
    }

    /** How many DICOM files the output holds. */
    public int size() {
        return count;
    }
}
