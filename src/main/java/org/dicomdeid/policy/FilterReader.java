package org.dicomdeid.policy;

import com.fasterxml.jackson.databind.JsonNode;
import org.dicomdeid.dicom.RoutingAttribute;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a policy's {@code filters:} list (see README "Policy files"). Every mistake — an unknown
 * key, attribute, test or decision, a bad pattern, a comparison on text, a missing or repeated
 * name — is an error naming its place ({@code filters[1].when.any[0].matches}): a typo must never
 * let through what a filter was written to stop.
 */
final class FilterReader {
    private static final Set<String> FILTER_KEYS = Set.of("name", "when", "action", "comment");
    private static final Set<String> GROUPS = Set.of("all", "any", "not");
    private static final Map<String, LongTest> COMPARISONS = Map.of(
            "lessThan", limit -> v -> v < limit,
            "lessOrEqual", limit -> v -> v <= limit,
            "greaterThan", limit -> v -> v > limit,
            "greaterOrEqual", limit -> v -> v >= limit);
    private static final Set<String> TESTS;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 _.\\-]{1,64}");

    static {
        Set<String> tests = new HashSet<>(Set.of("equals", "contains", "matches", "exists"));
        tests.addAll(COMPARISONS.keySet());
        TESTS = Set.copyOf(tests);
    }

    private interface LongTest {
        LongPredicate against(long limit);
    }

    private final String source;

    FilterReader(String source) {
        this.source = source;
    }

    List<InstanceFilter> read(JsonNode node) throws PolicyException {
        List<InstanceFilter> filters = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return filters;
        }
        if (!node.isArray()) {
            throw error("filters", "must be a list of {name, when, action}");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String place = "filters[" + i + "]";
            JsonNode filter = node.get(i);
            checkKeys(filter, FILTER_KEYS, place);
            String name = scalar(filter, "name", place);
            if (!NAME.matcher(name).matches()) {
                throw error(place + ".name", "use 1 to 64 letters, digits, spaces, '_', '.' or '-'");
            }
            if (!names.add(name)) {
                throw error(place + ".name", "another filter has the name '" + name + "'");
            }
            if (!filter.has("when")) {
                throw error(place, "missing 'when' (a condition)");
            }
            FilterCondition when = condition(filter.get("when"), place + ".when");
            String action = scalar(filter, "action", place);
            InstanceFilter.Decision decision;
            try {
                decision = InstanceFilter.Decision.valueOf(action.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error(place + ".action", "'drop', 'quarantine' or 'continue', got '" + action + "'");
            }
            filters.add(new InstanceFilter(name, when, decision));
        }
        return filters;
    }

    private FilterCondition condition(JsonNode node, String place) throws PolicyException {
        if (!node.isObject()) {
            throw error(place, "must be a mapping: {attribute, TEST: value}, {all: [...]}, {any: [...]} or {not: {...}}");
        }
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        for (String group : GROUPS) {
            if (keys.contains(group)) {
                if (keys.size() != 1) {
                    throw error(place, "'" + group + "' stands alone; other keys here: " + without(keys, group));
                }
                return group(group, node.get(group), place + "." + group);
            }
        }
        Set<String> allowed = new HashSet<>(TESTS);
        allowed.add("attribute");
        checkKeys(node, allowed, place);
        String keyword = scalar(node, "attribute", place);
        RoutingAttribute attribute = RoutingAttribute.byKeyword(keyword).orElseThrow(() -> error(place + ".attribute",
                "unknown attribute '" + keyword + "'; filters can use: " + RoutingAttribute.keywords()));
        keys.remove("attribute");
        if (keys.size() != 1) {
            throw error(place, "give exactly one test of " + new TreeSet<>(TESTS) + (keys.isEmpty() ? "" : ", got " + keys));
        }
        String test = keys.iterator().next();
        return test(attribute, test, node.get(test), place + "." + test);
    }

    private FilterCondition group(String group, JsonNode node, String place) throws PolicyException {
        if (group.equals("not")) {
            return new FilterCondition.Not(condition(node, place));
        }
        if (!node.isArray() || node.isEmpty()) {
            throw error(place, "must be a non-empty list of conditions");
        }
        List<FilterCondition> conditions = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            conditions.add(condition(node.get(i), place + "[" + i + "]"));
        }
        return group.equals("all") ? new FilterCondition.All(conditions) : new FilterCondition.Any(conditions);
    }

    private FilterCondition test(RoutingAttribute attribute, String test, JsonNode value, String place)
            throws PolicyException {
        switch (test) {
            case "exists":
                if (!value.isBoolean()) {
                    throw error(place, "true or false");
                }
                return new FilterCondition.Exists(attribute, value.asBoolean());
            case "equals":
                return new FilterCondition.EqualsOneOf(attribute, value.isArray() ? texts(value, place)
                        : List.of(text(value, place)));
            case "contains":
                return new FilterCondition.Contains(attribute, text(value, place));
            case "matches":
                try {
                    return new FilterCondition.Matches(attribute, Pattern.compile(text(value, place)));
                } catch (PatternSyntaxException e) {
                    throw error(place, "not a valid regular expression (" + e.getDescription() + " near index "
                            + e.getIndex() + ")");
                }
            default:
                if (!attribute.isNumber()) {
                    throw error(place, "compares numbers; " + attribute.keyword() + " is not a number");
                }
                if (!value.isIntegralNumber()) {
                    throw error(place, "must be a whole number");
                }
                return new FilterCondition.Compare(attribute, test, COMPARISONS.get(test).against(value.asLong()));
        }
    }

    private List<String> texts(JsonNode list, String place) throws PolicyException {
        if (list.isEmpty()) {
            throw error(place, "an empty list matches nothing");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(text(list.get(i), place + "[" + i + "]"));
        }
        return out;
    }

    private String text(JsonNode value, String place) throws PolicyException {
        if (!value.isValueNode() || value.isNull() || value.asText().isEmpty()) {
            throw error(place, "must be a non-empty text (quote it if YAML reads it otherwise)");
        }
        return value.asText();
    }

    private String scalar(JsonNode node, String key, String place) throws PolicyException {
        if (!node.hasNonNull(key)) {
            throw error(place, "missing '" + key + "'");
        }
        return text(node.get(key), place + "." + key);
    }

    private static String without(Set<String> keys, String key) {
        Set<String> rest = new TreeSet<>(keys);
        rest.remove(key);
        return String.join(", ", rest);
    }

    private void checkKeys(JsonNode node, Set<String> allowed, String place) throws PolicyException {
        if (!node.isObject()) {
            throw error(place, "must be a mapping of keys to values");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw error(place + "." + key, "unknown key; allowed here: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    private PolicyException error(String place, String message) {
        return new PolicyException(source + ": " + place + ": " + message);
    }
}
