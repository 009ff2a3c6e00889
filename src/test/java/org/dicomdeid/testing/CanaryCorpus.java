package org.dicomdeid.testing;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TransferSyntax;
import org.dicomdeid.dicom.DicomFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A corpus of DICOM files in which every attribute of PS3.15 Table E.1-1 is present and holds a
 * unique canary, plus the identifying places the table names by pattern or not at all. It
 * records every canary it planted and where, every original UID, the known values that a
 * de-identifier must leave unchanged, and the references between instances (so UID remapping
 * consistency can be checked on the output).
 * <p>
 * Layout: {@code p<P>/st<S>/se<E>/im<I>.dcm} (names carry no canary). All files have file meta
 * information, whose Source AE Title is a canary too; data sets are Explicit VR Little Endian
 * unless {@link Options#implicitVr()} is asked for.
 */
public final class CanaryCorpus {
    /** The default transfer syntax; see {@link Options#implicitVr()}. */
    public static final String TRANSFER_SYNTAX = TransferSyntax.ExplicitVRLittleEndian;
    /** Where each instance refers to another instance of its series (by SOP Instance UID). */
    public static final String REFERENCED_IMAGE_UID = "(0008,1140)[0]/(0008,1155)";
    public static final String SOURCE_IMAGE_UID = "(0008,2112)[0]/(0008,1155)";
    /** Where each instance refers to the other series of its study (kept sequence, not in the table). */
    public static final String REFERENCED_SERIES_UID = "(0008,1115)[0]/(0020,000E)";
    public static final String REFERENCED_SERIES_INSTANCE_UID = "(0008,1115)[0]/(0008,114A)[0]/(0008,1155)";

    /** How many of each: patients, studies per patient, series per study, instances per series. */
    public record Shape(int patients, int studies, int series, int instances) {
        public static final Shape DEFAULT = new Shape(2, 2, 2, 2);

        public List<InstanceId> all() {
            List<InstanceId> ids = new ArrayList<>();
            for (int p = 0; p < patients; p++) {
                for (int st = 0; st < studies; st++) {
                    for (int se = 0; se < series; se++) {
                        for (int im = 0; im < instances; im++) {
                            ids.add(new InstanceId(p, st, se, im));
                        }
                    }
                }
            }
            return ids;
        }

        /** The next instance of the same series (itself when the series has one instance). */
        public InstanceId neighbour(InstanceId id) {
            return new InstanceId(id.patient(), id.study(), id.series(), (id.instance() + 1) % instances);
        }

        /** The first instance of the next series of the same study. */
        public InstanceId otherSeries(InstanceId id) {
            return new InstanceId(id.patient(), id.study(), (id.series() + 1) % series, 0);
        }
    }

    public record InstanceId(int patient, int study, int series, int instance) {
        public String relativePath() {
            return "p" + patient + "/st" + study + "/se" + series + "/im" + instance + ".dcm";
        }

        String patientScope() {
            return "P" + patient + "|";
        }

        String studyScope() {
            return "P" + patient + "." + study + "|";
        }

        String seriesScope() {
            return "P" + patient + "." + study + "." + series + "|";
        }

        String instanceScope() {
            return "P" + patient + "." + study + "." + series + "." + instance + "|";
        }
    }

    /**
     * On the output, the value at {@code location} of {@code file} must equal the value at
     * {@code targetLocation} of {@code targetFile} (a reference, or a shared study/series UID).
     */
    public record Reference(String file, String location, String targetFile, String targetLocation) {
    }

    private final Path root;
    private final Shape shape;
    private final boolean commandGroup;
    private final List<Planting> plantings;
    private final Map<String, Map<String, String>> keptValues;
    private final List<Reference> references;

    private CanaryCorpus(Path root, Options options, List<Planting> plantings,
            Map<String, Map<String, String>> keptValues, List<Reference> references) {
        this.root = root;
        this.shape = options.shape();
        this.commandGroup = options.commandGroup();
        this.plantings = Collections.unmodifiableList(plantings);
        this.keptValues = Collections.unmodifiableMap(keptValues);
        this.references = Collections.unmodifiableList(references);
    }

    /**
     * @param shape how many patients, studies, series and instances
     * @param corpusId 1..15: corpora with different ids share no canary
     * @param transferSyntax of the data sets (default Explicit VR Little Endian)
     * @param commandGroup whether to include the table's command group rows (0000,1000) and
     *        (0000,1001). dciodvfy stops at a group 0000 in a data set ("Tags out of order"), so
     *        a corpus meant for dciodvfy comparisons leaves them out.
     */
    public record Options(Shape shape, int corpusId, boolean commandGroup, String transferSyntax) {
        public static final Options DEFAULT = new Options(Shape.DEFAULT, 1, true);

        /**
         * Little endian only: in big endian the OW values (curve, overlay data) would hold their
         * canary text byte-swapped, where no byte scan finds it.
         */
        public Options {
            if (!transferSyntax.equals(TransferSyntax.ExplicitVRLittleEndian)
                    && !transferSyntax.equals(TransferSyntax.ImplicitVRLittleEndian)) {
                throw new IllegalArgumentException("explicit or implicit VR little endian only");
            }
        }

        public Options(Shape shape, int corpusId, boolean commandGroup) {
            this(shape, corpusId, commandGroup, TRANSFER_SYNTAX);
        }

        public Options withoutCommandGroup() {
            return new Options(shape, corpusId, false, transferSyntax);
        }

        /** Implicit VR: private attributes lose their VR, readers see them as UN. */
        public Options implicitVr() {
            return new Options(shape, corpusId, commandGroup, TransferSyntax.ImplicitVRLittleEndian);
        }
    }

    /** Writes the default corpus (2 patients x 2 studies x 2 series x 2 instances) into {@code dir}. */
    public static CanaryCorpus write(Path dir) throws IOException {
        return write(dir, Options.DEFAULT);
    }

    public static CanaryCorpus write(Path dir, Options options) throws IOException {
        Shape shape = options.shape();
        CanaryPlanter planter = new CanaryPlanter(new CanaryMint(options.corpusId()));
        Map<String, Map<String, String>> kept = new TreeMap<>();
        List<Reference> references = new ArrayList<>();
        for (InstanceId id : shape.all()) {
            String name = id.relativePath();
            planter.startFile(name);
            Map<String, String> keptHere = new TreeMap<>();
            CanaryInstanceBuilder builder = new CanaryInstanceBuilder(planter, shape, keptHere, options.commandGroup());
            try {
                AttributeList list = builder.build(id);
                Canary sourceAe = planter.shared(id.instanceScope() + "meta/(0002,0016)", Canary.Kind.TEXT);
                FileMetaInformation.addFileMetaInformation(list, options.transferSyntax(), sourceAe.value());
                AttributeList meta = new AttributeList();
                list.values().stream().filter(a -> a.getTag().isFileMetaInformationGroup()).forEach(meta::put);
                List<com.pixelmed.dicom.Attribute> commandGroup = list.values().stream()
                        .filter(a -> options.commandGroup() && a.getTag().getGroup() == 0x0000).toList();
                list.removeMetaInformationHeaderAttributes(); // PixelMed drops group 0000 here too
                commandGroup.forEach(list::put);
                planter.record(sourceAe, "meta/(0002,0016)");
                planter.record(new Canary(builder.sopInstanceUid(id), Canary.Kind.UID), "meta/(0002,0003)");
                DicomFiles.writeAtomically(dir.resolve(name),
                        out -> writeFile(meta, list, options.transferSyntax(), out));
            } catch (DicomException e) {
                throw new IOException("cannot build corpus instance " + name, e);
            }
            kept.put(name, Collections.unmodifiableMap(keptHere));
            references.addAll(referencesOf(shape, id));
        }
        return new CanaryCorpus(dir, options, planter.plantings(), kept, references);
    }

    /**
     * Meta information and data set written separately: the table's command group rows
     * (0000,1000/1001) sort before group 0002, and in one list PixelMed would write them between
     * "DICM" and the meta information, where no reader looks for them.
     */
    private static void writeFile(AttributeList meta, AttributeList dataset, String transferSyntax,
            java.io.OutputStream out) throws IOException {
        try {
            meta.write(DicomFiles.keepOpen(out), transferSyntax, true, true, false);
            dataset.write(DicomFiles.keepOpen(out), transferSyntax, false, true, false);
        } catch (DicomException e) {
            throw new IOException(e);
        }
    }

    private static List<Reference> referencesOf(Shape shape, InstanceId id) {
        String file = id.relativePath();
        String sop = "(0008,0018)";
        String neighbour = shape.neighbour(id).relativePath();
        String otherSeries = shape.otherSeries(id).relativePath();
        String firstOfStudy = new InstanceId(id.patient(), id.study(), 0, 0).relativePath();
        String firstOfSeries = new InstanceId(id.patient(), id.study(), id.series(), 0).relativePath();
        return List.of(
                new Reference(file, REFERENCED_IMAGE_UID, neighbour, sop),
                new Reference(file, SOURCE_IMAGE_UID, neighbour, sop),
                new Reference(file, REFERENCED_SERIES_UID, otherSeries, "(0020,000E)"),
                new Reference(file, REFERENCED_SERIES_INSTANCE_UID, otherSeries, sop),
                new Reference(file, "meta/(0002,0003)", file, sop),
                new Reference(file, "(0020,000D)", firstOfStudy, "(0020,000D)"),
                new Reference(file, "(0020,000E)", firstOfSeries, "(0020,000E)"),
                new Reference(file, "(0020,0052)", firstOfSeries, "(0020,0052)"));
    }

    public Path root() {
        return root;
    }

    public Shape shape() {
        return shape;
    }

    public boolean hasCommandGroup() {
        return commandGroup;
    }

    /** The corpus files, absolute, in a stable order. */
    public List<Path> files() {
        return shape.all().stream().map(id -> root.resolve(id.relativePath())).toList();
    }

    public List<Planting> plantings() {
        return plantings;
    }

    public List<Planting> plantingsIn(String relativeFile) {
        return plantings.stream().filter(p -> p.file().equals(relativeFile)).toList();
    }

    /** Every canary that can be searched for in bytes (all kinds but binary numbers). */
    public Set<String> canaries() {
        Set<String> values = new LinkedHashSet<>();
        plantings.stream().filter(p -> p.kind().isScannable()).forEach(p -> values.add(p.canary()));
        return values;
    }

    /** Every planted value with its kind, binary numbers included. */
    public Map<String, Canary.Kind> canaryKinds() {
        Map<String, Canary.Kind> kinds = new LinkedHashMap<>();
        plantings.forEach(p -> kinds.put(p.canary(), p.kind()));
        return kinds;
    }

    public Set<String> originalUids() {
        Set<String> uids = new LinkedHashSet<>();
        plantings.stream().filter(p -> p.kind() == Canary.Kind.UID).forEach(p -> uids.add(p.canary()));
        return uids;
    }

    /** Location -> value of the non-identifying attributes of {@code relativeFile}, which must survive. */
    public Map<String, String> keptValues(String relativeFile) {
        return keptValues.getOrDefault(relativeFile, Map.of());
    }

    /** The pixel data planted in {@code relativeFile}, to compare with the output's. */
    public short[] pixelData(String relativeFile) {
        return shape.all().stream().filter(id -> id.relativePath().equals(relativeFile)).findFirst()
                .map(id -> KnownValues.pixelData(id.instance()))
                .orElseThrow(() -> new IllegalArgumentException("not a corpus file"));
    }

    public List<Reference> references() {
        return references;
    }

    /** The SOP Instance UID {@code relativeFile} was written with. */
    public String sopInstanceUid(String relativeFile) {
        return plantingsIn(relativeFile).stream().filter(p -> p.location().equals("(0008,0018)"))
                .map(Planting::canary).findFirst().orElseThrow();
    }

    public String relative(Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}
