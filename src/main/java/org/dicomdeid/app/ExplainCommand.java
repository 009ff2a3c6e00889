package org.dicomdeid.app;

import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.deid.SecretLocation;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;
import org.dicomdeid.pipeline.Anonymiser;
import org.dicomdeid.policy.Policy;
import org.dicomdeid.policy.PolicyException;
import org.dicomdeid.policy.PolicyLoader;
import org.dicomdeid.policy.ProfileOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code deid explain}: what anonymising would do to one file, attribute by attribute, without
 * writing any DICOM. It runs the very anonymiser {@code deid anonymise} runs and reports the
 * decisions the engine tells it as it takes them.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Show what de-identification would do to FILE: every attribute (nested ones too), the action,"
                + " the rule that decided it and the new value; originals are shown as VR and length only.",
                "Exit codes: 0 explained, 3 the file would be quarantined (the reason is shown), 2 usage or"
                        + " configuration error, 1 a fault of the machine."})
public final class ExplainCommand implements Callable<Integer> {
    @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (YAML); default: the basic profile.")
    Path policyFile;

    @Option(names = "--option", paramLabel = "NAME", description = "Profile option, repeatable: ${COMPLETION-CANDIDATES}",
            completionCandidates = AnonymiseCommand.OptionNames.class)
    List<String> options = new ArrayList<>();

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Project secret, as for anonymise (new UIDs and pseudonyms depend on it)")
    Path secretFile;

    @Option(names = "--json", description = "Machine-readable JSON on stdout instead of the text table")
    boolean json;

    @Option(names = "--html", paramLabel = "OUT", description = "Also write a self-contained HTML report to OUT")
    Path html;

    @Parameters(paramLabel = "FILE", description = "One DICOM file")
    Path file;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            System.err.println("deid: FILE is not a readable regular file");
            return Main.EXIT_USAGE;
        }
        Policy policy;
        Anonymiser anonymiser;
        try {
            policy = PolicyLoader.load(policyFile, options, List.of());
            ProjectSecret secret = SecretLocation.resolve(secretFile, SecretLocation.userDefault());
            anonymiser = new Anonymiser(policy, secret);
        } catch (PolicyException | IOException e) {
            System.err.println("deid: " + SettingsCheck.message(e));
            return Main.EXIT_USAGE;
        }
        ExplainReport report = new ExplainReport();
        try (DicomObject object = DicomFiles.read(file)) {
            anonymiser.anonymise(object, report);
        } catch (QuarantineException e) {
            report.quarantined(e.getMessage()); // reasons name places and causes, never values
        }
        ExplainFormats.Header header = new ExplainFormats.Header(
                policyFile == null ? "basic profile" : String.valueOf(policyFile.getFileName()),
                policy.options().stream().map(ProfileOption::cliName).toList());
        System.out.print(json ? ExplainFormats.json(header, report) : ExplainFormats.text(header, report));
        if (html != null) {
            writeReplacing(html, ExplainFormats.html(header, report));
        }
        return report.quarantineReason() != null ? Main.EXIT_QUARANTINED : Main.EXIT_OK;
    }

    /** Written whole under a temporary name, then renamed: never a half report. */
    private static void writeReplacing(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
