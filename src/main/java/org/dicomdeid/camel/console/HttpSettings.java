package org.dicomdeid.camel.console;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the embedded HTTP server (the web console) listens, and the credential it asks for.
 * Settings: {@code deid.http.enabled} (true), {@code deid.http.host} (127.0.0.1),
 * {@code deid.http.port} (9876; 0: any free port, logged at start) and
 * {@code deid.http.credentialFile} (a file of mode 600 holding one line {@code user:password}).
 * A host other than the loopback needs the credential file: anyone who reaches the port could
 * otherwise requeue and delete quarantined originals.
 */
public record HttpSettings(boolean enabled, String host, int port, Credential credential) {
    public static final String ENABLED = "deid.http.enabled";
    public static final String HOST = "deid.http.host";
    public static final String PORT = "deid.http.port";
    public static final String CREDENTIAL_FILE = "deid.http.credentialFile";
    public static final Set<String> KEYS = Set.of(ENABLED, HOST, PORT, CREDENTIAL_FILE);

    /** A user name and password for HTTP Basic authentication. */
    public record Credential(String user, String password) {
        @Override
        public String toString() {
            return "Credential[" + user + "]";
        }
    }

    /**
     * The settings from {@code lookup} (null: unset), checked. Throws IllegalArgumentException
     * naming what is wrong, never the password.
     */
    public static HttpSettings of(Function<String, String> lookup) {
        String enabledText = valueOr(lookup, ENABLED, "true");
        if (!enabledText.equals("true") && !enabledText.equals("false")) {
            throw new IllegalArgumentException(ENABLED + " must be true or false, not '" + enabledText + "'");
        }
        String host = valueOr(lookup, HOST, "127.0.0.1");
        int port;
        try {
            port = Integer.parseInt(valueOr(lookup, PORT, "9876"));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + " must be a port number (0 for any free port)");
        }
        String file = valueOr(lookup, CREDENTIAL_FILE, "");
        Credential credential = file.isEmpty() ? null : readCredential(Path.of(file));
        boolean enabled = enabledText.equals("true");
        if (enabled && credential == null && !isLoopback(host)) {
            throw new IllegalArgumentException("the web console would listen on " + host + ", beyond this machine,"
                    + " without a credential: set " + CREDENTIAL_FILE + " (a file of mode 600 holding user:password)"
                    + " or keep " + HOST + " at 127.0.0.1");
        }
        return new HttpSettings(enabled, host, port, credential);
    }

    /**
     * Fails when the port is taken now (a second deid run with the same settings, another
     * service): Vert.x would only log that and leave the run without its console.
     */
    public void checkPortFree() {
        if (!enabled || port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalArgumentException("the web console cannot listen on " + host + ":" + port
                    + " (in use?): set " + PORT + " to a free port (0: any), or " + ENABLED + "=false");
        }
    }

    private static String valueOr(Function<String, String> lookup, String key, String fallback) {
        String value = lookup.apply(key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(HOST + ": unknown host '" + host + "'");
        }
    }

    private static Credential readCredential(Path file) {
        try {
            for (PosixFilePermission p : Files.getPosixFilePermissions(file)) {
                if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
                    throw new IllegalArgumentException(CREDENTIAL_FILE + ": " + file + " can be read by others: chmod 600 it");
                }
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new IllegalArgumentException(CREDENTIAL_FILE + ": cannot read " + file);
        }
        String line;
        try {
            line = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(CREDENTIAL_FILE + ": cannot read " + file);
        }
        int colon = line.indexOf(':');
        if (colon < 1 || colon == line.length() - 1 || line.contains("\n")) {
            throw new IllegalArgumentException(CREDENTIAL_FILE + ": " + file + " must hold one line user:password");
        }
        return new Credential(line.substring(0, colon), line.substring(colon + 1));
    }
}
