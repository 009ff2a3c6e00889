package org.dicomdeid.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the {@code deid.*} settings of {@code deid run} before anything starts. Camel ignores a
 * property no placeholder asks for, so {@code --set deid.polcy=strict.yaml} would run the basic
 * profile: an unknown key is an error naming its nearest known key. The known keys are read from
 * the route files actually loaded (every {@code {{deid.xxx}}} and {@code {{deid.xxx:default}}}
 * placeholder), so the list never drifts from the routes; plus {@code deid.home}, which
 * {@code deid run} sets itself. (The HTTP server's settings are Camel's {@code camel.management.*}.)
 */
final class SettingsCheck {
    private static final String PREFIX = "deid.";
    /** A placeholder's key ends at its default (':') or its end ('}'). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??(deid\\.[A-Za-z0-9_.\\-]+)[:}]");
    private static final Set<String> SET_BY_DEID_RUN = Set.of("deid.home");
    /** Keys of earlier versions, replaced by the delivery stage shared by every intake (routes/delivery.yaml). */
    private static final Map<String, String> REPLACED = Map.of(
            "deid.receiver.to", "deid.deliver.to",
            "deid.receiver.outbox", "deid.deliver.outbox",
            "deid.receiver.redeliveries", "deid.deliver.redeliveries",
            "deid.receiver.redeliveryDelay", "deid.deliver.redeliveryDelay",
            "deid.receiver.retryDelay", "deid.deliver.retryDelay",
            "deid.sftp.pickup.outbox", "deid.deliver.outbox");

    private SettingsCheck() {
    }

    /**
     * True when every {@code deid.*} key of {@code settings} is known to the routes of
     * {@code sources} (folders: their own *.yaml; files: themselves); otherwise prints why on
     * {@code err}.
     */
    static boolean accepts(List<Path> sources, Map<String, String> settings, PrintStream err) throws IOException {
        Optional<String> problem = unknownSetting(sources, settings);
        problem.ifPresent(p -> err.println("deid: " + p));
        return problem.isEmpty();
    }

    /** The message for the first unknown {@code deid.*} key, if any. */
    static Optional<String> unknownSetting(List<Path> sources, Map<String, String> settings) throws IOException {
        Set<String> known = new TreeSet<>(SET_BY_DEID_RUN);
        List<Path> notLoaded = new ArrayList<>();
        for (Path source : sources) {
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path f : files.filter(SettingsCheck::isRouteFile).sorted().toList()) {
                        if (f.getParent().equals(source)) {
                            known.addAll(keysIn(f));
                        } else {
                            notLoaded.add(f);
                        }
                    }
                }
            } else {
                known.addAll(keysIn(source));
            }
        }
        for (String key : new TreeSet<>(settings.keySet())) {
            if (key.startsWith(PREFIX) && !known.contains(key)) {
                return Optional.of(explain(key, known, notLoaded));
            }
        }
        return Optional.empty();
    }

    private static String explain(String key, Set<String> known, List<Path> notLoaded) throws IOException {
        if (REPLACED.containsKey(key)) {
            return "setting '" + key + "' was replaced by '" + REPLACED.get(key)
                    + "' (the delivery stage shared by every intake, routes/delivery.yaml)";
        }
        for (Path f : notLoaded) {
            if (keysIn(f).contains(key)) {
                return "setting '" + key + "' is used only by " + f + ", which is not loaded (add --routes " + f + ")";
            }
        }
        String message = "unknown setting '" + key + "': no loaded route uses it, so it would be ignored";
        if (key.startsWith("deid.http.")) {
            return message + "; the HTTP server's settings are camel.management.* (host, port, authenticationEnabled, ...)";
        }
        return nearest(key, known).map(n -> message + "; did you mean '" + n + "'?").orElse(message);
    }

    private static boolean isRouteFile(Path p) {
        String name = p.getFileName().toString();
        return Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    static Set<String> keysIn(Path routeFile) throws IOException {
        Set<String> keys = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(Files.readString(routeFile));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    /** The known key at the smallest edit distance, if it is close enough to be a typo of it. */
    static Optional<String> nearest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        // beyond a third of the key, the "nearest" key is a guess, not a typo
        return bestDistance <= Math.max(2, key.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** A configuration error for the user: its message, and its cause's when that adds something. */
    static String message(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += ": " + cause.getMessage();
        }
        return message;
    }
}
