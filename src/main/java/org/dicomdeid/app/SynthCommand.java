package org.dicomdeid.app;

import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TransferSyntax;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code deid synth --count N --out DIR [--patients P]}: writes N synthetic CT files for
 * benchmarks (scripts/bench.sh). Hidden: a tool for developers, not for users.
 * Layout: DIR/patient-PPPP/series-S/image-IIIII.dcm; each patient has one study of up to two
 * series; the files of a patient are contiguous.
 */
@Command(name = "synth", hidden = true, mixinStandardHelpOptions = true,
        description = "Write synthetic 512x512 16-bit CT files (made-up data) for benchmarks.")
public final class SynthCommand implements Callable<Integer> {
    private static final int SERIES_PER_PATIENT = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--count", required = true, description = "How many files to write.")
    int count;

    @Option(names = "--out", required = true, description = "Folder to write them into (created if missing).")
    Path out;

    @Option(names = "--patients", defaultValue = "1", description = "Spread the files over this many patients (default 1).")
    int patients;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the made-up values (default 1).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        if (patients < 1 || patients > count) {
            throw new ParameterException(spec.commandLine(), "--patients must be between 1 and --count");
        }
        long started = System.nanoTime();
        SyntheticCt factory = new SyntheticCt(seed);
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            SyntheticCt.Position pos = positionOf(i);
            Path file = out.resolve(String.format("patient-%04d/series-%d/image-%05d.dcm",
                    pos.patient() + 1, pos.series() + 1, pos.image() + 1));
            try {
                DicomFiles.writeAtomically(new DicomObject(factory.instance(pos), TransferSyntax.ExplicitVRLittleEndian), file,
                        false);
            } catch (DicomException | org.dicomdeid.dicom.QuarantineException e) {
                throw new IOException("cannot build synthetic instance " + i, e);
            }
            bytes += Files.size(file);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        spec.commandLine().getOut().printf("synth: wrote %d files (%d patients, %.1f MiB) in %.1f s%n", count,
                patients, bytes / 1048576.0, seconds);
        return Main.EXIT_OK;
    }

    /** File i of count: patients get contiguous, nearly equal shares, split into up to two series. */
    SyntheticCt.Position positionOf(int i) {
        int patient = (int) ((long) i * patients / count);
        int first = (int) Math.ceil((double) patient * count / patients);
        int share = (int) Math.ceil((double) (patient + 1) * count / patients) - first;
        int index = i - first;
        int perSeries = Math.max(1, (share + SERIES_PER_PATIENT - 1) / SERIES_PER_PATIENT);
        return new SyntheticCt.Position(patient, index / perSeries, index % perSeries);
    }
}
