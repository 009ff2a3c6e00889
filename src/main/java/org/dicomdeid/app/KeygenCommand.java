package org.dicomdeid.app;

import org.dicomdeid.crypto.Passwords;
import org.dicomdeid.crypto.RecipientKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code deid keygen --out keys/NAME}: a key holder's RSA key pair. NAME-cert.pem goes to
 * the anonymising sites; NAME.p12 (and NAME.p12.password when generated) stay with the holder.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create a key holder's key pair for re-identification.",
            "Writes NAME-cert.pem (give it to anonymising sites) and NAME.p12, mode 600, that never",
            "leaves the key holder. Without --password-file a password is generated into NAME.p12.password."})
public final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR/NAME",
            description = "Path and base name of the files, e.g. keys/alice")
    Path out;

    @Option(names = "--days", defaultValue = "3650", description = "Certificate validity in days (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--algorithm", defaultValue = "RSA", paramLabel = "RSA|EC",
            description = "RSA (3072 bits, key transport; what GDCM reads) or EC (P-256, ECDH key agreement)."
                    + " Default: ${DEFAULT-VALUE}")
    RecipientKeys.Algorithm algorithm;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the PKCS#12 password")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
        if (days < 1) {
            System.err.println("--days must be at least 1");
            return Main.EXIT_USAGE;
        }
        String name = out.getFileName().toString();
        Path dir = out.toAbsolutePath().getParent();
        Path cert = dir.resolve(name + "-cert.pem");
        Path p12 = dir.resolve(name + ".p12");
        Path generatedPassword = dir.resolve(name + ".p12.password");
        for (Path existing : new Path[] {cert, p12, generatedPassword}) {
            if (Files.exists(existing)) {
                System.err.println("refusing to overwrite " + existing);
                return Main.EXIT_USAGE;
            }
        }
        Files.createDirectories(dir);
        char[] password = passwordFile != null ? Passwords.fromFile(passwordFile) : Passwords.generate();
        try {
            if (password.length == 0) {
                System.err.println("the password file is empty");
                return Main.EXIT_USAGE;
            }
            RecipientKeys keys = RecipientKeys.generate(name, days, algorithm);
            if (passwordFile == null) {
                RecipientKeys.writeSecretText(generatedPassword, password);
            }
            keys.writePkcs12(p12, password);
            keys.writeCertificatePem(cert);
        } finally {
            Arrays.fill(password, '\0');
        }
        System.out.println("certificate for anonymising sites: " + cert);
        System.out.println("private key (keep it, mode 600):    " + p12);
        if (passwordFile == null) {
            System.out.println("its password (mode 600):            " + generatedPassword);
        }
        return Main.EXIT_OK;
    }
}
