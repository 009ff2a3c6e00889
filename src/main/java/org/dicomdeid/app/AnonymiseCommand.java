package org.dicomdeid.app;

import org.dicomdeid.deid.Anonymiser;
import org.dicomdeid.deid.DicomFiles;
import org.dicomdeid.deid.DicomObject;
import org.dicomdeid.policy.Policy;
import org.dicomdeid.policy.PolicyException;
import org.dicomdeid.policy.PolicyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code deid anonymise}: de-identify files and folders into an output folder. */
@Command(name = "anonymise", aliases = "anonymize", mixinStandardHelpOptions = true,
        description = "De-identify DICOM files and folders (recursively) into --out, keeping the layout.")
public final class AnonymiseCommand implements Callable<Integer> {
    @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (YAML); default: the basic profile.")
    Path policyFile;

    @Option(names = "--option", paramLabel = "NAME", description = "Profile option, repeatable: ${COMPLETION-CANDIDATES}",
            completionCandidates = OptionNames.class)
    List<String> options = new ArrayList<>();

    @Option(names = "--recipient", paramLabel = "CERT",
            description = "X.509 certificate (PEM) of a re-identification key holder, repeatable: the originals"
                    + " are encrypted for each into the Encrypted Attributes Sequence")
    List<Path> recipients = new ArrayList<>();

    @Option(names = "--secret-file", paramLabel = "FILE", defaultValue = "keys/pseudonym.secret",
            description = "Project secret for pseudonyms (mode 600; created if absent). Default: ${DEFAULT-VALUE}")
    Path secretFile;

    @Option(names = "--quarantine", paramLabel = "DIR", description = "Default: <out>/../quarantine")
    Path quarantine;

    @Option(names = "--out", paramLabel = "DIR", required = true)
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Default: the number of cores")
    int threads = Runtime.getRuntime().availableProcessors();

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "DICOM files or folders")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        Policy policy;
        try {
            policy = PolicyLoader.load(policyFile, options, recipients);
        } catch (PolicyException e) {
            System.err.println("deid: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        Anonymiser anonymiser = Anonymiser.create(policy, secretFile);
        Path quarantineDir = quarantine != null ? quarantine : out.toAbsolutePath().getParent().resolve("quarantine");
        BatchRunner runner = new BatchRunner(out, quarantineDir,
                new OutputNames(org.dicomdeid.deid.ProjectSecret.load(secretFile)), System.err, threads);
        BatchRunner.Summary summary = runner.run(inputs, (input, output) -> {
            DicomObject object = DicomFiles.read(input);
            anonymiser.anonymise(object);
            DicomFiles.writeAtomically(object, output);
        });
        System.out.println(summary.line());
        return summary.exitCode();
    }

    /** The option names, for help and completion. */
    static final class OptionNames extends ArrayList<String> {
        OptionNames() {
            for (org.dicomdeid.policy.ProfileOption o : org.dicomdeid.policy.ProfileOption.values()) {
                add(o.cliName());
            }
        }
    }
}
