package org.dicomdeid.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code deid lint}: every problem of a policy file at once, with its line, where loading stops at
 * the first. Errors are what loading refuses (and a few things it accepts that cannot be meant:
 * two rules giving one tag different actions); warnings are what it accepts but probably does
 * not do what the author thinks (see {@link RuleOverlaps}, {@link PolicyHints}).
 */
public final class PolicyLint {
    public enum Severity { ERROR, WARNING }

    /** One problem; {@code line} 0: the file as a whole; {@code file}: the policy or its lookup table. */
    public record Finding(Severity severity, String file, int line, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + severity.name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + message;
        }
    }

    /** A rule of the file as lint reads it. */
    record LintRule(int index, int line, TagPattern pattern, Action action) {
        String label() {
            return "rules[" + index + "]" + (line > 0 ? " (line " + line + ")" : "");
        }
    }

    private final Path file;
    private final String name;
    private final List<Finding> findings = new ArrayList<>();
    private YamlLines lines;

    private PolicyLint(Path file) {
        this.file = file;
        this.name = String.valueOf(file.getFileName());
    }

    /** Every finding for the policy {@code file}, by line. */
    public static List<Finding> lint(Path file) throws IOException {
        PolicyLint lint = new PolicyLint(file);
        lint.run(Files.readString(file));
        lint.findings.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line));
        return List.copyOf(lint.findings);
    }

    void error(String place, String message) {
        findings.add(new Finding(Severity.ERROR, name, lines.line(place).orElse(0), message));
    }

    void warning(String place, String message) {
        findings.add(new Finding(Severity.WARNING, name, lines.line(place).orElse(0), message));
    }

    void add(Finding finding) {
        findings.add(finding);
    }

    int lineOf(String place) {
        return lines.line(place).orElse(0);
    }

    private void run(String text) {
        lines = YamlLines.of(text);
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            findings.add(new Finding(Severity.ERROR, name, e.getLocation().getLineNr(), "not valid YAML"));
            return;
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            warning("", "empty: the basic profile alone");
            return;
        }
        if (!root.isObject()) {
            error("", "must be a mapping of keys to values");
            return;
        }
        for (YamlLines.Duplicate d : lines.duplicates()) {
            findings.add(new Finding(Severity.ERROR, name, d.line(), "'" + d.place() + "' given again (first at line "
                    + d.firstLine() + "); YAML keeps only the last"));
        }
        checkKeys(root, PolicyLoader.TOP_KEYS, "");
        checkKeys(root.path("privateCreators"), PolicyLoader.CREATOR_KEYS, "privateCreators");
        checkKeys(root.path("pseudonyms"), PolicyLoader.PSEUDONYM_KEYS, "pseudonyms");
        checkKeys(root.path("tracking"), PolicyLoader.TRACKING_KEYS, "tracking");
        Set<ProfileOption> options = readOptions(root.path("options"));
        List<LintRule> rules = readRules(root.path("rules"));
        int lookupErrors = new PolicyHints(this, file).check(root, options, rules);
        boolean structural = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
        if (!structural) {
            try {
                PolicyLoader.load(file, List.of(), List.of());
            } catch (PolicyException e) {
                if (lookupErrors == 0 || !e.getMessage().contains("pseudonyms.lookup")) {
                    findings.add(new Finding(Severity.ERROR, name, e.line().orElse(0), e.getMessage()
                            .replace(file + ": ", "")));
                }
            }
        }
        new RuleOverlaps(this, options, rules).check();
    }

    private void checkKeys(JsonNode node, Set<String> allowed, String place) {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                String at = place.isEmpty() ? key : place + "." + key;
                error(at, "unknown key '" + at + "'; allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private Set<ProfileOption> readOptions(JsonNode node) {
        Set<ProfileOption> options = java.util.EnumSet.noneOf(ProfileOption.class);
        if (!node.isArray()) {
            return options;
        }
        for (int i = 0; i < node.size(); i++) {
            String n = node.get(i).asText();
            java.util.Optional<ProfileOption> option = ProfileOption.byName(n);
            option.ifPresent(options::add);
            if (option.isEmpty()) {
                error("options[" + i + "]", "unknown option '" + n + "'; known: " + ProfileOption.allNames());
            }
        }
        return options;
    }

    private List<LintRule> readRules(JsonNode node) {
        List<LintRule> rules = new ArrayList<>();
        if (!node.isArray()) {
            return rules;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode rule = node.get(i);
            String place = "rules[" + i + "]";
            checkKeys(rule, PolicyLoader.RULE_KEYS, place);
            TagPattern pattern = null;
            try {
                if (rule.hasNonNull("tag")) {
                    pattern = TagPattern.parse(rule.get("tag").asText());
                } else if (rule.hasNonNull("keyword")) {
                    pattern = StandardDictionary.get().byKeyword(rule.get("keyword").asText()).orElse(null);
                    if (pattern == null) {
                        error(place + ".keyword", "'" + rule.get("keyword").asText()
                                + "' is not a keyword of the DICOM dictionary");
                    }
                }
                Action action = rule.hasNonNull("action") ? Action.parse(rule.get("action").asText()) : null;
                if (pattern != null && action != null) {
                    rules.add(new LintRule(i, lineOf(place), pattern, action));
                }
            } catch (IllegalArgumentException e) {
                error(place, e.getMessage()); // the loader names the same problem; lint goes on with the others
            }
        }
        return rules;
    }

    /** The known creators carrying dates or identifiers: upper-cased name → what they carry. */
    static Map<String, List<String>> identifyingCreators() {
        return KnownCreators.ENTRIES;
    }

    private static final class KnownCreators {
        static final Map<String, List<String>> ENTRIES = load();

        private static Map<String, List<String>> load() {
            String resource = "/policy/identifying-private-creators.yaml";
            try (var in = PolicyLint.class.getResourceAsStream(resource)) {
                Map<String, List<String>> map = new java.util.HashMap<>();
                for (JsonNode entry : new ObjectMapper(new YAMLFactory()).readTree(in)) {
                    List<String> carries = new ArrayList<>();
                    entry.get("carries").forEach(c -> carries.add(c.asText()));
                    map.put(entry.get("creator").asText().strip().toUpperCase(java.util.Locale.ROOT), carries);
                }
                return Map.copyOf(map);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + resource, e);
            }
        }
    }
}
