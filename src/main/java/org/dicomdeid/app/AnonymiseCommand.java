package org.dicomdeid.app;

import org.dicomdeid.pipeline.OutputNames;

import org.dicomdeid.pipeline.Anonymiser;
import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.deid.SecretLocation;
import org.dicomdeid.policy.Policy;
import org.dicomdeid.policy.PolicyException;
import org.dicomdeid.policy.PolicyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.dicomdeid.deid.DeidOutcome;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.pipeline.AuditLog;
import org.dicomdeid.pipeline.PolicyFingerprint;

import java.io.IOException;
import java.nio.file.Files;
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

    @Option(names = "--cipher", paramLabel = "NAME",
            description = "Content cipher for --recipient: aes256 (AES-256-CBC, default; GDCM reads it), aes128, or"
                    + " aes256-gcm (authenticated, CMS AuthEnvelopedData: only when every key holder uses dicom-deid)")
    String cipher;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Project secret for pseudonyms and UIDs (mode 600; created if absent, said on stderr)."
                    + " Default: $DEID_SECRET, else $DEID_HOME/keys/pseudonym.secret, else"
                    + " ~/.config/dicom-deid/pseudonym.secret")
    Path secretFile;

    @Option(names = "--audit", paramLabel = "FILE|DIR",
            description = "Audit log: one JSON line per input appended to FILE, or daily audit-YYYY-MM-DD.jsonl files"
                    + " in an existing DIR. Default: <out>/../audit/")
    Path audit;

    @Mixin
    BatchOptions batch;

    @Override
    public Integer call() throws IOException {
        ProjectSecret secret;
        Anonymiser anonymiser;
        try {
            Policy policy = PolicyLoader.load(policyFile, options, recipients);
            policy = cipher == null ? policy : policy.withCipher(cipher);
            secret = SecretLocation.resolve(secretFile, SecretLocation.userDefault());
            anonymiser = new Anonymiser(policy, secret);
        } catch (PolicyException | IOException e) {
            // configuration: say what is wrong, no stack trace, nothing processed
            System.err.println("deid: " + SettingsCheck.message(e));
            return Main.EXIT_USAGE;
        }
        Path auditTarget = audit != null ? audit : batch.out.toAbsolutePath().getParent().resolve("audit");
        try (AuditLog log = audit != null && !Files.isDirectory(audit) ? AuditLog.toFile(audit) : AuditLog.inFolder(auditTarget)) {
            BatchAudit batchAudit = new BatchAudit(log, anonymiser.policyHash(),
                    PolicyFingerprint.options(anonymiser.policy()), batch.out);
            return batch.run(new OutputNames(secret), input -> {
                DicomObject object = DicomFiles.read(input);
                DeidOutcome outcome = anonymiser.anonymise(object);
                return new BatchRunner.Processed(object, outcome.identifyingValues(), outcome.actionCounts());
            }, batchAudit);
        }
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
