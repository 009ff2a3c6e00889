package org.dicomdeid.pixel;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the YAML rules format (see docs/pixel-redaction.md). Validation is strict: unknown
 * keys, unknown attribute keywords, bad numbers and bad regular expressions are errors that name
 * the file and the path inside it, because a typo silently matching nothing would let burned-in
 * text through (or send a whole device's images to quarantine).
 */
final class RedactionRulesParser {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern TAG_FORM = Pattern.compile("\\(?([0-9A-Fa-f]{4}),?([0-9A-Fa-f]{4})\\)?");
    private static final Set<String> TOP_KEYS = Set.of("version", "rules");
    private static final Set<String> RULE_KEYS = Set.of("name", "description", "when", "regions");
    private static final Set<String> REGION_KEYS = Set.of("x", "y", "width", "height");
    private static final Set<String> MATCHER_KEYS = Set.of("equals", "in", "regex", "contains");

    private final String source;

    RedactionRulesParser(String source) {
        this.source = source;
    }

    List<RedactionRule> parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidRedactionRulesException(
                    "redaction rules " + source + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw fail("(top)", "the file is empty; expected a 'rules:' list");
        }
        requireObject(root, "(top)");
        checkKeys(root, TOP_KEYS, "(top)");
        JsonNode version = root.get("version");
        if (version != null && !(version.isInt() && version.asInt() == 1)) {
            throw fail("version", "only version 1 is known");
        }
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw fail("rules", "must be a list of rules");
        }
        List<RedactionRule> parsed = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            parsed.add(rule(rules.get(i), "rules[" + i + "]"));
        }
        return parsed;
    }

    private RedactionRule rule(JsonNode node, String path) {
        requireObject(node, path);
        JsonNode nameNode = node.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
            throw fail(path + ".name", "every rule needs a name (it is reported when the rule is used)");
        }
        String named = path + " \"" + nameNode.asText() + "\"";
        checkKeys(node, RULE_KEYS, named);
        return new RedactionRule(nameNode.asText(), conditions(node.get("when"), named + ".when"),
                regions(node.get("regions"), named + ".regions"));
    }

    private List<AttributeCondition> conditions(JsonNode when, String path) {
        if (when == null || !when.isObject() || when.isEmpty()) {
            throw fail(path, "must map at least one attribute keyword to a condition"
                    + " (a rule without conditions would blank every image)");
        }
        List<AttributeCondition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = when.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String at = path + "." + entry.getKey();
            conditions.add(condition(entry.getKey(), tagFor(entry.getKey(), at), entry.getValue(), at));
        }
        return conditions;
    }

    private AttributeCondition condition(String keyword, AttributeTag tag, JsonNode value, String path) {
        if (value.isValueNode() && !value.isNull()) {
            return AttributeCondition.equalTo(keyword, tag, scalar(value, path));
        }
        if (value.isArray()) {
            return AttributeCondition.oneOf(keyword, tag, scalars(value, path));
        }
        if (!value.isObject() || value.size() != 1) {
            throw fail(path, "expected a value, a list of values, or exactly one of " + MATCHER_KEYS);
        }
        checkKeys(value, MATCHER_KEYS, path);
        String kind = value.fieldNames().next();
        JsonNode operand = value.get(kind);
        String at = path + "." + kind;
        return switch (kind) {
            case "equals" -> AttributeCondition.equalTo(keyword, tag, scalar(operand, at));
            case "contains" -> AttributeCondition.containing(keyword, tag, scalar(operand, at));
            case "in" -> {
                if (!operand.isArray()) {
                    throw fail(at, "must be a list of values");
                }
                yield AttributeCondition.oneOf(keyword, tag, scalars(operand, at));
            }
            default -> AttributeCondition.matching(keyword, tag, regex(scalar(operand, at), at));
        };
    }

    private Pattern regex(String expression, String path) {
        try {
            return Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw fail(path, "not a valid regular expression (" + e.getDescription() + ")");
        }
    }

    private List<String> scalars(JsonNode array, String path) {
        if (array.isEmpty()) {
            throw fail(path, "an empty list matches nothing");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            values.add(scalar(array.get(i), path + "[" + i + "]"));
        }
        return values;
    }

    private String scalar(JsonNode node, String path) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw fail(path, "expected a single text or number");
        }
        return node.asText().trim();
    }

    private AttributeTag tagFor(String keyword, String path) {
        Matcher m = TAG_FORM.matcher(keyword);
        if (m.matches()) {
            return new AttributeTag(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16));
        }
        AttributeTag tag = DicomDictionary.StandardDictionary.getTagFromName(keyword);
        if (tag == null) {
            throw fail(path, "unknown attribute keyword (use a DICOM keyword such as Modality,"
                    + " or a tag as gggg,eeee)");
        }
        return tag;
    }

    private List<Region> regions(JsonNode node, String path) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw fail(path, "must be a non-empty list of {x, y, width, height}");
        }
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode r = node.get(i);
            requireObject(r, at);
            checkKeys(r, REGION_KEYS, at);
            int x = integer(r, "x", 0, at);
            int y = integer(r, "y", 0, at);
            int width = integer(r, "width", 1, at);
            int height = integer(r, "height", 1, at);
            regions.add(new Region(x, y, width, height));
        }
        return regions;
    }

    private int integer(JsonNode region, String key, int minimum, String path) {
        JsonNode value = region.get(key);
        if (value == null) {
            throw fail(path + "." + key, "missing (a region needs x, y, width and height in pixels)");
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < minimum) {
            throw fail(path + "." + key, "must be a whole number of pixels >= " + minimum);
        }
        return value.asInt();
    }

    private void requireObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw fail(path, "expected a mapping (key: value lines)");
        }
    }

    private void checkKeys(JsonNode node, Set<String> allowed, String path) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw fail(path + "." + key, "unknown key (expected one of " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }

    private InvalidRedactionRulesException fail(String path, String problem) {
        return new InvalidRedactionRulesException("redaction rules " + source + ": " + path + ": " + problem);
    }
}
