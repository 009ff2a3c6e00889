package org.dicomdeid.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Real-world DICOM files: the test files of Debian's python3-pydicom, each classified. The
 * broken ones were examined by hand (dcmdump, hex dump, pydicom's README); every file not listed
 * here is a valid Part 10 composite instance, which {@code RealTestFilesTest} checks with
 * PixelMed and dcmdump, so a new pydicom release with new broken files fails loudly.
 */
public final class RealTestFiles {
    public static final Path DEFAULT_FOLDER = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    public enum Kind {
        /** A Part 10 file (preamble, meta information) holding a composite instance. */
        VALID,
        /** A bare data set: no preamble, no "DICM", no file meta information. */
        NO_META,
        /** Ends in the middle of an element. PixelMed 20220618 reads these WITHOUT error. */
        TRUNCATED,
        /** The data set is not encoded as the meta information's Transfer Syntax UID says. */
        WRONG_TRANSFER_SYNTAX,
        /** Parses as DICOM but is no composite instance: no SOP Class / SOP Instance UID (DICOMDIRs too). */
        NOT_COMPOSITE,
        /** Not DICOM at all (text, JSON, gzip). */
        NOT_DICOM
    }

    public record RealFile(Path path, String name, Kind kind, String why) {
        public boolean isValid() {
            return kind == Kind.VALID;
        }
    }

    /** Hand-checked: relative name -> what is wrong with it. */
    private static final Map<String, RealFile> BROKEN = Map.ofEntries(
            broken("MR_truncated.dcm", Kind.TRUNCATED, "Pixel Data declares 8192 bytes, the file ends before"),
            broken("rtplan_truncated.dcm", Kind.TRUNCATED, "ends inside Isocenter Position (300A,012C)"),
            broken("SC_rgb_jpeg.dcm", Kind.WRONG_TRANSFER_SYNTAX,
                    "meta says JPEG Baseline (explicit VR), data set is implicit VR little endian"),
            broken("no_meta.dcm", Kind.NO_META, "CT_small.dcm without preamble and meta, implicit VR"),
            broken("ExplVR_BigEndNoMeta.dcm", Kind.NO_META, "explicit VR big endian data set, no meta"),
            broken("ExplVR_LitEndNoMeta.dcm", Kind.NO_META, "explicit VR little endian data set, no meta"),
            broken("rtstruct.dcm", Kind.NO_META, "implicit VR little endian data set, no preamble and no meta"),
            broken("no_meta_group_length.dcm", Kind.NOT_COMPOSITE,
                    "meta without group length (0002,0000); data set has no SOP Class/Instance UID"),
            broken("meta_missing_tsyntax.dcm", Kind.NOT_COMPOSITE,
                    "meta without Transfer Syntax UID; only a nested private sequence, no SOP UIDs"),
            broken("nested_priv_SQ.dcm", Kind.NOT_COMPOSITE, "only a nested private sequence, no SOP UIDs"),
            broken("priv_SQ.dcm", Kind.NOT_COMPOSITE, "only a private sequence (implicit VR), no SOP UIDs"),
            broken("UN_sequence.dcm", Kind.NOT_COMPOSITE, "only a private sequence with VR UN, no SOP UIDs"),
            broken("empty_charset_LEI.dcm", Kind.NOT_COMPOSITE, "two attributes (empty charset), no SOP UIDs"),
            broken("dicomdirtests/DICOMDIR", Kind.NOT_COMPOSITE, "a DICOMDIR (media storage directory)"),
            broken("dicomdirtests/DICOMDIR-bigEnd", Kind.NOT_COMPOSITE, "a DICOMDIR, big endian"),
            broken("dicomdirtests/DICOMDIR-empty.dcm", Kind.NOT_COMPOSITE, "an empty DICOMDIR"),
            broken("dicomdirtests/DICOMDIR-implicit", Kind.NOT_COMPOSITE, "a DICOMDIR, implicit VR"),
            broken("dicomdirtests/DICOMDIR-nooffset", Kind.NOT_COMPOSITE, "a DICOMDIR without record offsets"),
            broken("dicomdirtests/DICOMDIR-nopatient", Kind.NOT_COMPOSITE, "a DICOMDIR without patient records"),
            broken("dicomdirtests/DICOMDIR-reordered", Kind.NOT_COMPOSITE, "a DICOMDIR with reordered records"),
            broken("dicomdirtests/TINY_ALPHA/DICOMDIR", Kind.NOT_COMPOSITE, "a DICOMDIR"),
            broken("README.txt", Kind.NOT_DICOM, "text"),
            broken("dicomdirtests/README.txt", Kind.NOT_DICOM, "text"),
            broken("dicomdirtests/TINY_ALPHA/README", Kind.NOT_DICOM, "text"),
            broken("rtplan.dump", Kind.NOT_DICOM, "a text dump"),
            broken("rtstruct.dump", Kind.NOT_DICOM, "a text dump"),
            broken("test1.json", Kind.NOT_DICOM, "DICOM JSON model, not Part 10"),
            broken("test_PN.json", Kind.NOT_DICOM, "DICOM JSON model, not Part 10"),
            broken("zipMR.gz", Kind.NOT_DICOM, "gzip of MR_small.dcm"));

    private RealTestFiles() {
    }

    private static Map.Entry<String, RealFile> broken(String name, Kind kind, String why) {
        return Map.entry(name, new RealFile(null, name, kind, why));
    }

    /** The folder, from its usual place or from {@code dpkg -L python3-pydicom}. */
    public static Optional<Path> folder() {
        if (Files.isDirectory(DEFAULT_FOLDER)) {
            return Optional.of(DEFAULT_FOLDER);
        }
        if (!ExternalTool.isInstalled("/usr/bin/dpkg")) {
            return Optional.empty();
        }
        ExternalTool.Result r = ExternalTool.run(List.of("/usr/bin/dpkg", "-L", "python3-pydicom"), Duration.ofSeconds(30));
        return r.stdout().lines().filter(l -> l.endsWith("/data/test_files")).map(Path::of)
                .filter(Files::isDirectory).findFirst();
    }

    /** The folder, or the calling test is skipped (JUnit assumption) with the reason. */
    public static Path folderOrSkip() {
        Optional<Path> folder = folder();
        Assumptions.assumeTrue(folder.isPresent(),
                "pydicom's test files are not installed (apt-get install python3-pydicom; scripts/bootstrap.sh test)");
        return folder.get();
    }

    /** Every regular file under the folder, classified; skips the test when the folder is absent. */
    public static List<RealFile> all() {
        Path folder = folderOrSkip();
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().map(p -> classify(folder, p)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<RealFile> valid() {
        return all().stream().filter(RealFile::isValid).toList();
    }

    public static List<RealFile> broken() {
        return all().stream().filter(f -> !f.isValid()).toList();
    }

    public static List<RealFile> ofKind(Kind kind) {
        return all().stream().filter(f -> f.kind() == kind).toList();
    }

    /** One file by its name relative to the folder, e.g. "CT_small.dcm". */
    public static RealFile get(String name) {
        Path folder = folderOrSkip();
        Path p = folder.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such pydicom test file: " + name);
        }
        return classify(folder, p);
    }

    private static RealFile classify(Path folder, Path file) {
        String name = folder.relativize(file).toString().replace('\\', '/');
        RealFile known = BROKEN.get(name);
        return known == null ? new RealFile(file, name, Kind.VALID, "")
                : new RealFile(file, name, known.kind(), known.why());
    }
}
