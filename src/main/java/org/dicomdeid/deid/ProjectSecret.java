package org.dicomdeid.deid;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The project secret that keys every pseudonym (UIDs, patient IDs, date offsets) with
 * HMAC-SHA-256. The same secret gives the same pseudonyms on every file, run and machine, so
 * a study sent in pieces from several sites stays one study. It lives in a file of mode 600
 * (generated on first use) or in the environment variable {@value #ENV}; it is never logged.
 */
public final class ProjectSecret {
    public static final String ENV = "DEID_SECRET";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] key;

    private ProjectSecret(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the project secret must be at least 128 bits");
        }
        this.key = key.clone();
    }

    /** For tests and for callers that hold the secret elsewhere. */
    public static ProjectSecret of(byte[] key) {
        return new ProjectSecret(key);
    }

    /**
     * The secret from {@value #ENV} if set (hex), else from {@code file}, creating the file with
     * 256 random bits and mode 600 when it does not exist. A secret file readable by others is
     * refused: that secret would let them link pseudonyms back.
     */
    public static ProjectSecret load(Path file) throws IOException {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return new ProjectSecret(parseHex(env.strip(), "environment variable " + ENV));
        }
        if (!Files.exists(file)) {
            create(file);
        }
        checkPermissions(file);
        return new ProjectSecret(parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip(), "file " + file));
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            // another process created it first: use theirs
        }
    }

    private static void checkPermissions(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : perms) {
                if (!OWNER_ONLY.contains(p)) {
                    throw new IOException("secret file " + file + " must have mode 600 (chmod 600 it)");
                }
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    private static byte[] parseHex(String hex, String where) throws IOException {
        try {
            byte[] key = HexFormat.of().parseHex(hex);
            if (key.length < 16) {
                throw new IOException("the project secret in " + where + " is shorter than 128 bits");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IOException("the project secret in " + where + " is not hexadecimal");
        }
    }

    /** HMAC-SHA-256 of {@code domain} and {@code value}; the domain separates uses of the key. */
    public byte[] hmac(String domain, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(domain.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A short keyed hash for logs and reasons: identifies a value without revealing it. */
    public String logHash(String value) {
        return HexFormat.of().formatHex(hmac("log", value), 0, 6);
    }
}
