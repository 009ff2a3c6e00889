package org.dicomdeid.app;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The settings of {@code deid run}'s management server, under Camel's own names
 * ({@code camel.management.*}), with this project's defaults: on, 127.0.0.1, port 9876, health
 * at {@code /observe/health} and Prometheus metrics at {@code /observe/metrics}. They are taken
 * out of the settings handed to Camel (whose own server, camel-platform-http-main, is not part
 * of this build). A key of that family this server does not know stops the run, and so does an
 * address other than loopback without a credential, for {@code camel.server.*} too.
 */
record ManagementSettings(boolean enabled, String host, int port, boolean portChosen, boolean health,
                          boolean metrics, Map<String, String> users) {
    static final String PREFIX = "camel.management.";
    static final int DEFAULT_PORT = 9876;
    private static final Set<String> KNOWN = Set.of("enabled", "host", "port", "healthCheckEnabled", "metricsEnabled",
            "authenticationEnabled", "basicPropertiesFile");

    /** A setting that cannot be honoured: the message says which and why. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** Reads and removes the {@code camel.management.*} keys of {@code settings}. */
    static ManagementSettings take(Map<String, String> settings) throws Refused {
        Map<String, String> mine = new HashMap<>();
        for (String key : Set.copyOf(settings.keySet())) {
            if (key.startsWith(PREFIX)) {
                String name = key.substring(PREFIX.length());
                if (!KNOWN.contains(name)) {
                    throw new Refused("setting '" + key + "' is not supported by deid run's management server (known: "
                            + String.join(", ", new java.util.TreeSet<>(KNOWN)) + ")");
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
            throw new Refused("camel.management.port: not a port number");
        }
        Map<String, String> users = Map.of();
        if (bool(mine, "authenticationEnabled", false)) {
            String file = mine.get("basicPropertiesFile");
            if (file == null || file.isBlank()) {
                throw new Refused("camel.management.authenticationEnabled needs camel.management.basicPropertiesFile"
                        + " (lines user.NAME = PASSWORD)");
            }
            users = readUsers(Path.of(file));
        }
        if (enabled && users.isEmpty() && !isLoopback(host)) {
            throw new Refused("camel.management.host=" + host + " is reachable from other machines: set"
                    + " camel.management.authenticationEnabled=true and camel.management.basicPropertiesFile, or keep 127.0.0.1");
        }
        checkCamelServer(settings);
        return new ManagementSettings(enabled, host, port, mine.containsKey("port"), bool(mine, "healthCheckEnabled", true),
                bool(mine, "metricsEnabled", true), users);
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

    static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** Vert.x's properties format, as Camel's own server reads it: {@code user.NAME = PASSWORD[,ROLE...]}. */
    static Map<String, String> readUsers(Path file) throws Refused {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new Refused("camel.management.basicPropertiesFile cannot be read (" + e.getClass().getSimpleName() + ")");
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
            throw new Refused("camel.management.basicPropertiesFile has no line user.NAME = PASSWORD");
        }
        return users;
    }

    Optional<String> address() {
        return enabled ? Optional.of(host + ":" + port) : Optional.empty();
    }
}
