package org.dicomdeid.camel.console;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of {@code deid run}'s one HTTP server ({@link ManagementServer}: health, metrics
 * and the web console), under Camel's own names ({@code camel.management.*}), with this project's
 * defaults: on, 127.0.0.1, Camel's port 9876 (0: any free port), health at {@code /observe/health}
 * and Prometheus metrics at {@code /observe/metrics}. They are taken out of the settings handed
 * to Camel (whose own server, camel-platform-http-main, is not part of this build). A key of that
 * family this server does not know stops the run, and so does an address other than loopback
 * without a credential, for {@code camel.server.*} too: anyone who reaches the port could
 * otherwise requeue and delete quarantined originals. The credential
 * ({@code authenticationEnabled} and {@code basicPropertiesFile}) guards every path.
 */
public record ManagementSettings(boolean enabled, String host, int port, boolean portChosen, boolean health,
                                 boolean metrics, Map<String, String> users) {
    public static final String PREFIX = "camel.management.";
    public static final int DEFAULT_PORT = 9876;
    private static final Set<String> KNOWN = Set.of("enabled", "host", "port", "healthCheckEnabled", "metricsEnabled",
            "authenticationEnabled", "basicPropertiesFile");

    /** A setting that cannot be honoured: the message says which and why, never a password. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "ManagementSettings[" + (enabled ? host + ":" + port : "off") + ", users " + users.keySet() + "]";
    }

    /** Reads and removes the {@code camel.management.*} keys of {@code settings}. */
    public static ManagementSettings take(Map<String, String> settings) throws Refused {
        Map<String, String> mine = new HashMap<>();
        for (String key : Set.copyOf(settings.keySet())) {
            if (key.startsWith(PREFIX)) {
                String name = key.substring(PREFIX.length());
                if (!KNOWN.contains(name)) {
                    throw new Refused("setting '" + key + "' is not supported by deid run's HTTP server (known: "
                            + String.join(", ", new TreeSet<>(KNOWN)) + ")");
                }
                mine.put(name, settings.remove(key));
            }
        }
        boolean enabled = bool(mine, "enabled", true);
        String host = mine.getOrDefault("host", "127.0.0.1").strip();
        int port;
        try {
            port = Integer.parseInt(mine.getOrDefault("port", String.valueOf(DEFAULT_PORT)).strip());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new Refused(PREFIX + "port: a port number (0: any free port)");
        }
        Map<String, String> users = Map.of();
        if (bool(mine, "authenticationEnabled", false)) {
            String file = mine.get("basicPropertiesFile");
            if (file == null || file.isBlank()) {
                throw new Refused(PREFIX + "authenticationEnabled needs " + PREFIX + "basicPropertiesFile"
                        + " (lines user.NAME = PASSWORD)");
            }
            users = readUsers(Path.of(file.strip()));
        }
        if (enabled && users.isEmpty() && !isLoopback(host)) {
            throw new Refused(PREFIX + "host=" + host + " is reachable from other machines: set " + PREFIX
                    + "authenticationEnabled=true and " + PREFIX + "basicPropertiesFile, or keep 127.0.0.1");
        }
        checkCamelServer(settings);
        return new ManagementSettings(enabled, host, port, mine.containsKey("port"), bool(mine, "healthCheckEnabled", true),
                bool(mine, "metricsEnabled", true), Map.copyOf(users));
    }

    /** These settings with the server off (its default port was taken). */
    public ManagementSettings withoutServer() {
        return new ManagementSettings(false, host, port, portChosen, health, metrics, users);
    }

    /**
     * True when something listens on the port now (a second deid run, another service): Vert.x
     * would only log that once started, and leave the run without its server.
     */
    public boolean portInUse() {
        if (!enabled || port == 0) {
            return false;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Camel's own embedded server (camel.server.*) bound beyond loopback needs a credential too. */
    private static void checkCamelServer(Map<String, String> settings) throws Refused {
        if (!Boolean.parseBoolean(settings.getOrDefault("camel.server.enabled", "false").strip())) {
            return;
        }
        String host = settings.getOrDefault("camel.server.host", "0.0.0.0").strip();
        boolean credential = Boolean.parseBoolean(settings.getOrDefault("camel.server.authenticationEnabled", "false").strip())
                && (settings.containsKey("camel.server.basicPropertiesFile") || settings.containsKey("camel.server.jwtKeystorePath"));
        if (!credential && !isLoopback(host)) {
            throw new Refused("camel.server.host=" + host + " (Camel's default is 0.0.0.0) is reachable from other machines:"
                    + " set camel.server.host=127.0.0.1, or camel.server.authenticationEnabled=true with a credential");
        }
    }

    private static boolean bool(Map<String, String> m, String key, boolean otherwise) throws Refused {
        String v = m.get(key);
        if (v == null) {
            return otherwise;
        }
        v = v.strip();
        if (!v.equals("true") && !v.equals("false")) {
            throw new Refused(PREFIX + key + ": true or false, not '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** A host name counts as loopback only when every address it has is one. */
    static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Vert.x's properties format, as Camel's own server reads it: {@code user.NAME = PASSWORD[,ROLE...]}.
     * The file must be readable by its owner only.
     */
    static Map<String, String> readUsers(Path file) throws Refused {
        String name = PREFIX + "basicPropertiesFile";
        Properties p = new Properties();
        try {
            for (PosixFilePermission permission : Files.getPosixFilePermissions(file)) {
                if (permission != PosixFilePermission.OWNER_READ && permission != PosixFilePermission.OWNER_WRITE) {
                    throw new Refused(name + ": " + file + " can be read by others: chmod 600 it");
                }
            }
            p.load(new java.io.StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (UnsupportedOperationException e) {
            throw new Refused(name + ": " + file + " is not on a POSIX file system, so its permissions cannot be checked");
        } catch (IOException | IllegalArgumentException e) {
            throw new Refused(name + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        Map<String, String> users = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("user.") && key.length() > 5) {
                String password = p.getProperty(key).split(",", 2)[0].strip();
                if (!password.isEmpty()) {
                    users.put(key.substring(5), password);
                }
            }
        }
        if (users.isEmpty()) {
            throw new Refused(name + ": " + file + " has no line user.NAME = PASSWORD");
        }
        return users;
    }
}
