package org.dicomdeid.deid;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * (generated on first use, in the one place {@link SecretLocation} names) or in the environment
 * variable {@value #ENV}; it is never logged.
 */
public final class ProjectSecret {
    public static final String ENV = "DEID_SECRET";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] key;
    /**
     * One keyed MAC per thread: every instance asks for several hashes (UIDs, patient, dates),
     * and looking the algorithm up and keying it each time cost more than the hash itself.
     */
    private final ThreadLocal<Mac> macs;

    private ProjectSecret(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the project secret must be at least 128 bits");
        }
        this.key = key.clone();
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** For tests and for callers that hold the secret elsewhere. */
    public static ProjectSecret of(byte[] key) {
        return new ProjectSecret(key);
    }

    /** The secret given as hex text (from {@value #ENV}); {@code where} names its origin in messages. */
    static ProjectSecret fromHex(String hex, String where) throws IOException {
        return new ProjectSecret(parseHex(hex.strip(), where));
    }

    /**
     * The secret in {@code file}, creating it with 256 random bits and mode 600 when it does not
     * exist, and saying so with its path on {@code notices}: a new secret means new pseudonyms and
     * UIDs, which nobody should meet by surprise. A secret file readable by others is refused:
     * that secret would let them link pseudonyms back. Find the file with {@link SecretLocation}.
     */
    static ProjectSecret readOrCreate(Path file, PrintStream notices) throws IOException {
        if (!Files.exists(file) && create(file)) {
            notices.println("deid: created a new project secret in " + file.toAbsolutePath()
                    + " (mode 600). Pseudonyms and UIDs depend on it: back it up, and give every site"
                    + " of the same trial this same file (see keys/README.md).");
        }
        checkPermissions(file);
        return new ProjectSecret(parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip(), "file " + file));
    }

    /**
     * True if this call created the file (false: another process was first, and its secret is
     * used). The secret is written and forced to disk under a temporary name, then linked to its
     * name, which fails if the name exists: no reader ever sees a half-written secret, and two
     * processes starting together cannot each keep a different one.
     */
    private static boolean create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path temporary = Files.createTempFile(dir, ".pseudonym-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap((HexFormat.of().formatHex(random) + "\n").getBytes(StandardCharsets.US_ASCII)));
                out.force(true);
            }
            Files.createLink(file.toAbsolutePath(), temporary);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void checkPermissions(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : perms) {
                if (!OWNER_ONLY.contains(p)) {
                    throw new IOException("the project secret file " + file + " can be read or changed by others"
                            + " (mode " + PosixFilePermissions.toString(perms) + "): chmod 600 it");
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
        Mac mac = macs.get(); // doFinal leaves it reset for the next call
        mac.update(domain.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A short keyed hash for logs and reasons: identifies a value without revealing it. */
    public String logHash(String value) {
        return HexFormat.of().formatHex(hmac("log", value), 0, 6);
    }
}
