package org.dicomdeid.app;

import org.dicomdeid.pipeline.OutputNames;

import org.dicomdeid.crypto.Passwords;
import org.dicomdeid.crypto.PrivateKeys;
import org.dicomdeid.crypto.Reidentifier;
import org.dicomdeid.deid.ProjectSecret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code deid reidentify}: a key holder puts the encrypted original attributes back. */
@Command(name = "reidentify", mixinStandardHelpOptions = true,
        description = {"Restore the original attributes of de-identified files (key holders only).",
            "They come from each file's Encrypted Attributes Sequence, opened with the key holder's",
            "private key (PKCS#12 or PEM PKCS#8).",
            "Exit codes: 0 all restored, 3 some quarantined, 2 usage or key error, 1 environment fault."})
public final class ReidentifyCommand implements Callable<Integer> {
    @Option(names = "--key", required = true, paramLabel = "KEYFILE", description = "NAME.p12 or a PEM private key")
    Path key;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the key password")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the key password")
    String passwordEnv;

    @Mixin
    BatchOptions batch;

    @Override
    public Integer call() throws Exception {
        for (int i = 0; i < batch.inputs.size(); i++) {
            if (!Files.exists(batch.inputs.get(i))) {
                System.err.println("deid: INPUT " + (i + 1) + " does not exist");
                return Main.EXIT_USAGE;
            }
        }
        PrivateKey privateKey;
        try {
            privateKey = loadKey();
        } catch (GeneralSecurityException | java.io.IOException e) {
            System.err.println("cannot load the private key: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        Reidentifier reidentifier = new Reidentifier(privateKey);
        // log hashes only need to be consistent within this run
        byte[] logKey = new byte[32];
        new SecureRandom().nextBytes(logKey);
        return batch.run(OutputNames.unchanged(ProjectSecret.of(logKey)), object -> {
            reidentifier.restore(object);
            return null; // its inputs are de-identified already: names stay as they are
        });
    }

    private PrivateKey loadKey() throws Exception {
        char[] password = null;
        if (passwordFile != null) {
            password = Passwords.fromFile(passwordFile);
        } else if (passwordEnv != null) {
            password = Passwords.fromEnv(passwordEnv);
            if (password == null) {
                throw new GeneralSecurityException("environment variable " + passwordEnv + " is not set");
            }
        }
        try {
            return PrivateKeys.load(key, password);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }
}
