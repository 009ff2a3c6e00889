package org.dicomdeid.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a policy file (YAML) on top of the basic profile. Anything unknown or malformed is an
 * error naming the file and the place (e.g. {@code rules[2].action}): a typo must never silently
 * weaken de-identification. See README "Policy files" for the format.
 */
public final class PolicyLoader {
    static final Set<String> TOP_KEYS = Set.of("profile", "options", "rules", "privateCreators",
            "pseudonyms", "tracking", "recipients", "pixelRules", "burnedInWithoutRule", "cipher",
            "unlistedText", "residualScan", "filters");
    static final Set<String> RULE_KEYS = Set.of("tag", "keyword", "action", "comment");
    static final Set<String> CREATOR_KEYS = Set.of("keep", "remove");
    static final Set<String> PSEUDONYM_KEYS = Set.of("prefix", "lookup");
    static final Set<String> TRACKING_KEYS = Set.of("sponsorName", "protocolId", "protocolName",
            "siteId", "siteName", "timePointId", "timePointDescription", "method");

    private final String name;
    private final Path baseDir;
    private final YamlLines lines;

    private PolicyLoader(String name, Path baseDir, YamlLines lines) {
        this.name = name;
        this.baseDir = baseDir;
        this.lines = lines;
    }

    /** The basic profile with the given options and nothing else. */
    public static Policy basic(Collection<String> options) throws PolicyException {
        return new PolicyLoader("built-in basic profile", Path.of("."), YamlLines.of(""))
                .build(new ObjectMapper().createObjectNode(), options, List.of());
    }

    /**
     * Loads {@code file} (null: the basic profile), adding the options and recipients given on
     * the command line or in a route to those of the file.
     */
    public static Policy load(Path file, Collection<String> extraOptions, List<Path> extraRecipients)
            throws PolicyException {
        if (file == null) {
            Policy p = basic(extraOptions);
            return extraRecipients.isEmpty() ? p : withRecipients(p, extraRecipients);
        }
        String text;
        JsonNode root;
        try {
            text = Files.readString(file);
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation().getLineNr();
            throw new PolicyException(file + ": not valid YAML at line " + line + ", column "
                    + e.getLocation().getColumnNr(), line);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = new ObjectMapper().createObjectNode();
        }
        Path dir = file.toAbsolutePath().getParent();
        PolicyLoader loader = new PolicyLoader(file.toString(), dir, YamlLines.of(text));
        for (YamlLines.Duplicate d : loader.lines.duplicates()) {
            // YAML keeps the last of two equal keys: a second 'rules:' would silently drop the first list
            throw loader.error(d.place(), "given twice (lines " + d.firstLine() + " and " + d.line()
                    + "); give each key once");
        }
        return loader.build(root, extraOptions, extraRecipients);
    }

    private static Policy withRecipients(Policy p, List<Path> recipients) throws PolicyException {
        for (Path r : recipients) {
            if (!Files.isReadable(r)) {
                throw new PolicyException("recipient certificate " + r + " is not readable");
            }
        }
        return new Policy(p.options(), p.rules(), p.privateAttributes(), p.pseudonyms(), p.tracking(),
                recipients, p.pixelRules(), p.quarantineUnmatchedBurnedIn(), p.source(), p.cipher(),
                p.unlistedText(), p.residualScan(), p.filters());
    }

    private Policy build(JsonNode root, Collection<String> extraOptions, List<Path> extraRecipients)
            throws PolicyException {
        requireObject(root, "(top level)");
        checkKeys(root, TOP_KEYS, "");
        String profile = root.path("profile").asText("basic");
        if (!profile.equalsIgnoreCase("basic")) {
            throw error("profile", "only 'basic' (PS3.15 Basic Application Level Confidentiality Profile)"
                    + " is supported, got '" + profile + "'");
        }
        Set<ProfileOption> options = readOptions(root.path("options"), extraOptions);
        List<Rulebook.Rule> overrides = readRules(root.path("rules"));
        Rulebook rules = Rulebook.build(ProfileTable.standard(), options, overrides);

        JsonNode creators = root.path("privateCreators");
        checkKeys(creators, CREATOR_KEYS, "privateCreators");
        PrivateAttributePolicy privatePolicy = new PrivateAttributePolicy(
                options.contains(ProfileOption.RETAIN_SAFE_PRIVATE),
                strings(creators.path("keep"), "privateCreators.keep"),
                strings(creators.path("remove"), "privateCreators.remove"));

        List<Path> recipients = new ArrayList<>(extraRecipients);
        for (String r : strings(root.path("recipients"), "recipients")) {
            recipients.add(baseDir.resolve(r));
        }
        for (int i = 0; i < recipients.size(); i++) {
            if (!Files.isReadable(recipients.get(i))) {
                throw error("recipients[" + i + "]", "certificate " + recipients.get(i) + " is not readable");
            }
        }
        Path pixelRules = null;
        if (root.hasNonNull("pixelRules")) {
            pixelRules = baseDir.resolve(root.get("pixelRules").asText());
            if (!Files.isReadable(pixelRules)) {
                throw error("pixelRules", "file " + pixelRules + " is not readable");
            }
        }
        String burnedIn = root.path("burnedInWithoutRule").asText("quarantine");
        if (!burnedIn.equals("quarantine") && !burnedIn.equals("pass")) {
            throw error("burnedInWithoutRule", "'quarantine' (default) or 'pass', got '" + burnedIn + "'");
        }
        String unlisted = root.path("unlistedText").asText(UnlistedText.CLEAN.settingName());
        UnlistedText unlistedText = UnlistedText.byName(unlisted).orElseThrow(() -> error("unlistedText",
                "'clean' (default), 'remove' or 'keep', got '" + unlisted + "'"));
        JsonNode scanNode = root.path("residualScan");
        String scan = scanNode.isBoolean() ? (scanNode.asBoolean() ? "quarantine" : "off")
                : scanNode.asText("quarantine");
        if (!scan.equals("quarantine") && !scan.equals("off")) {
            throw error("residualScan", "'quarantine' (default) or 'off', got '" + scan + "'");
        }
        return new Policy(options, rules, privatePolicy, readPseudonyms(root.path("pseudonyms")),
                readTracking(root.path("tracking")), recipients, pixelRules, burnedIn.equals("quarantine"), name,
                root.path("cipher").asText(""), unlistedText, scan.equals("quarantine"),
                new FilterReader(name).read(root.path("filters")));
    }

    private Set<ProfileOption> readOptions(JsonNode node, Collection<String> extra) throws PolicyException {
        Set<ProfileOption> options = EnumSet.noneOf(ProfileOption.class);
        List<String> names = new ArrayList<>(strings(node, "options"));
        int fromFile = names.size();
        names.addAll(extra);
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            String place = i < fromFile ? "options[" + i + "]" : "option '" + n + "' (command line or route)";
            options.add(ProfileOption.byName(n).orElseThrow(() -> error(place,
                    "unknown option '" + n + "'; known: " + ProfileOption.allNames())));
        }
        if (options.contains(ProfileOption.RETAIN_LONG_FULL_DATES)
                && options.contains(ProfileOption.RETAIN_LONG_MODIFIED_DATES)) {
            throw error("options", "retain-long-full-dates and retain-long-modified-dates exclude each other");
        }
        return options;
    }

    private List<Rulebook.Rule> readRules(JsonNode node) throws PolicyException {
        List<Rulebook.Rule> rules = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return rules;
        }
        if (!node.isArray()) {
            throw error("rules", "must be a list of {tag|keyword, action}");
        }
        for (int i = 0; i < node.size(); i++) {
            String place = "rules[" + i + "]";
            JsonNode rule = node.get(i);
            requireObject(rule, place);
            checkKeys(rule, RULE_KEYS, place);
            boolean hasTag = rule.hasNonNull("tag");
            if (hasTag == rule.hasNonNull("keyword")) {
                throw error(place, "give exactly one of 'tag' or 'keyword'");
            }
            TagPattern pattern;
            if (hasTag) {
                try {
                    pattern = TagPattern.parse(rule.get("tag").asText());
                } catch (IllegalArgumentException e) {
                    throw error(place + ".tag", e.getMessage());
                }
            } else {
                String keyword = rule.get("keyword").asText();
                pattern = StandardDictionary.get().byKeyword(keyword).orElseThrow(() ->
                        error(place + ".keyword", "'" + keyword + "' is not a keyword of the DICOM dictionary"));
            }
            if (!rule.hasNonNull("action")) {
                throw error(place, "missing 'action' (K, X, Z, D, C or U)");
            }
            Action action;
            try {
                action = Action.parse(rule.get("action").asText());
            } catch (IllegalArgumentException e) {
                throw error(place + ".action", e.getMessage());
            }
            rules.add(new Rulebook.Rule(pattern, action, ruleSource(place)));
        }
        return rules;
    }

    private PseudonymSettings readPseudonyms(JsonNode node) throws PolicyException {
        checkKeys(node, PSEUDONYM_KEYS, "pseudonyms");
        String prefix = node.path("prefix").asText(PseudonymSettings.DEFAULT_PREFIX);
        if (prefix.length() > 40 || !prefix.matches("[A-Za-z0-9 _.\\-]*")) {
            throw error("pseudonyms.prefix", "use at most 40 letters, digits, space, '_', '.' or '-'");
        }
        Path lookup = null;
        if (node.hasNonNull("lookup")) {
            lookup = baseDir.resolve(node.get("lookup").asText());
            if (!Files.isReadable(lookup)) {
                throw error("pseudonyms.lookup", "file " + lookup + " is not readable");
            }
        }
        return lookup == null ? new PseudonymSettings(prefix, null, null)
                : PseudonymSettings.withLookup(prefix, lookup, name + ": pseudonyms.lookup");
    }

    private TrackingValues readTracking(JsonNode node) throws PolicyException {
        checkKeys(node, TRACKING_KEYS, "tracking");
        for (String key : TRACKING_KEYS) {
            String v = node.path(key).asText("");
            if (v.length() > 64 || v.contains("\\")) {
                throw error("tracking." + key, "at most 64 characters and no backslash (DICOM LO)");
            }
        }
        if (node.hasNonNull("sponsorName") != node.hasNonNull("protocolId")) {
            throw error("tracking", "a trial needs both sponsorName and protocolId (type 1 in the Clinical Trial"
                    + " Subject module)");
        }
        return new TrackingValues(text(node, "sponsorName"), text(node, "protocolId"), text(node, "protocolName"),
                text(node, "siteId"), text(node, "siteName"), text(node, "timePointId"),
                text(node, "timePointDescription"), text(node, "method"));
    }

    private static String text(JsonNode node, String key) {
        return node.hasNonNull(key) ? node.get(key).asText() : null;
    }

    private Set<String> strings(JsonNode node, String place) throws PolicyException {
        Set<String> out = new HashSet<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw error(place, "must be a list");
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isValueNode()) {
                throw error(place + "[" + i + "]", "must be a plain value");
            }
            out.add(node.get(i).asText());
        }
        return out;
    }

    private void requireObject(JsonNode node, String place) throws PolicyException {
        if (!node.isObject()) {
            throw error(place, "must be a mapping of keys to values");
        }
    }

    private void checkKeys(JsonNode node, Set<String> allowed, String place) throws PolicyException {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        requireObject(node, place.isEmpty() ? "(top level)" : place);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw error(place.isEmpty() ? key : place + "." + key,
                        "unknown key; allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    /** Where a rule comes from, for explanations: the policy file's name, line and place. */
    private String ruleSource(String place) {
        Path file = Path.of(name).getFileName();
        return lines.line(place).map(l -> file + " line " + l + ", " + place).orElse(file + " " + place);
    }

    private PolicyException error(String place, String message) {
        Optional<Integer> line = lines.line(place);
        return new PolicyException(name + ": " + place + ": " + message + line.map(l -> " (line " + l + ")").orElse(""),
                line.orElse(0));
    }
}
