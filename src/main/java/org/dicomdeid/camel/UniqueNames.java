package org.dicomdeid.camel;

import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;
import org.dicomdeid.dicom.QuarantineException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The naming rule of every output, archive and quarantine folder: a file never replaces the file
 * of another instance. The wanted name {@code NAME.ext} is used when it is free or holds the same
 * instance (which is replaced: a repeated delivery rewrites its own output); otherwise
 * {@code NAME~TAG.ext}, where TAG is the first 8 hex digits of a SHA-256: of the SOP Instance
 * UID for DICOM outputs (a de-identified UID, or on the key holder's side the restored one), of
 * the content for archived and quarantined originals. Should that name hold yet another
 * instance too, {@code NAME~TAG-2.ext}, {@code -3}, ... "Same instance" means the same SOP
 * Instance UID read from the existing file, or for originals identical bytes.
 * <p>
 * The choice and the final rename happen under a lock (striped by wanted name), so parallel
 * workers of one process never pick the same name for two instances.
 */
public final class UniqueNames {
    private static final Object[] LOCKS = new Object[64];
    private static final int MAX_ATTEMPTS = 1000;

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    private UniqueNames() {
    }

    /** What is to be placed: compared with a file already there, and its tag for a unique name. */
    public interface Identity {
        boolean sameAs(Path existing) throws IOException;

        String tag() throws IOException;
    }

    /** Puts the file at its chosen name (rename, move or copy). */
    @FunctionalInterface
    public interface Placement {
        void placeAt(Path target) throws IOException;
    }

    /** Chooses the name for {@code identity} starting from {@code wanted}, places it there, returns it. */
    public static Path place(Path wanted, Identity identity, Placement placement) throws IOException {
        synchronized (LOCKS[Math.floorMod(wanted.toAbsolutePath().normalize().hashCode(), LOCKS.length)]) {
            Path target = choose(wanted, identity);
            placement.placeAt(target);
            return target;
        }
    }

    static Path choose(Path wanted, Identity identity) throws IOException {
        if (isFreeOrSame(wanted, identity)) {
            return wanted;
        }
        String tag = identity.tag();
        for (int i = 1; i <= MAX_ATTEMPTS; i++) {
            Path candidate = wanted.resolveSibling(withTag(wanted.getFileName().toString(), i == 1 ? tag : tag + "-" + i));
            if (isFreeOrSame(candidate, identity)) {
                return candidate;
            }
        }
        throw new IOException("no free name after " + MAX_ATTEMPTS + " attempts");
    }

    private static boolean isFreeOrSame(Path candidate, Identity identity) throws IOException {
        // java.io.File answers "absent" without an exception (Files.exists throws and catches one
        // inside, per file); a dangling link it calls absent is replaced by the rename, not followed
        return !candidate.toFile().exists()
                || (Files.isRegularFile(candidate) && identity.sameAs(candidate));
    }

    /** {@code IMG0001.dcm} -> {@code IMG0001~TAG.dcm}; {@code IMG0001} -> {@code IMG0001~TAG}. */
    static String withTag(String name, String tag) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + "~" + tag + name.substring(dot) : name + "~" + tag;
    }

    /** A DICOM instance, known by its SOP Instance UID. */
    public static Identity instance(String sopInstanceUid) {
        return new Identity() {
            @Override
            public boolean sameAs(Path existing) {
                try {
                    return sopInstanceUid.equals(DicomFiles.read(existing).sopInstanceUID());
                } catch (QuarantineException | IOException | RuntimeException e) {
                    return false; // not a readable instance: certainly not this one, keep it
                }
            }

            @Override
            public String tag() {
                return shortHash(sopInstanceUid.getBytes(StandardCharsets.US_ASCII));
            }
        };
    }

    public static Identity instance(DicomObject object) {
        return instance(object.sopInstanceUID());
    }

    /** A file known by its bytes (an original as received). */
    public static Identity content(Path file) {
        return new Identity() {
            @Override
            public boolean sameAs(Path existing) throws IOException {
                return Files.mismatch(file, existing) == -1;
            }

            @Override
            public String tag() throws IOException {
                MessageDigest sha = sha256();
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, n);
                    }
                }
                return HexFormat.of().formatHex(sha.digest(), 0, 4);
            }
        };
    }

    /** Bytes in memory, known by their content. */
    public static Identity content(byte[] bytes) {
        return new Identity() {
            @Override
            public boolean sameAs(Path existing) throws IOException {
                return Files.size(existing) == bytes.length && java.util.Arrays.equals(Files.readAllBytes(existing), bytes);
            }

            @Override
            public String tag() {
                return shortHash(bytes);
            }
        };
    }

    private static String shortHash(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes), 0, 4);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
