package org.dicomdeid.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** Key passwords come from a file or an environment variable, never from the command line. */
public final class Passwords {
    private Passwords() {
    }

    /** The file's first line, without its line end. */
    public static char[] fromFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("no password file at " + file);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        return line.toCharArray();
    }

    /** The variable's value, or null when it is not set. */
    public static char[] fromEnv(String variable) {
        String value = System.getenv(variable);
        return value == null ? null : value.toCharArray();
    }

    /** 192 random bits, URL-safe Base64: typeable, and strong enough for a PKCS#12 file. */
    public static char[] generate() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }
}
