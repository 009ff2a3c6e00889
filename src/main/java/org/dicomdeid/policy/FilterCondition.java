package org.dicomdeid.policy;

import org.dicomdeid.dicom.RoutingAttribute;
import org.dicomdeid.dicom.RoutingAttributes;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;

/**
 * The {@code when:} of a policy filter: a test on one {@link RoutingAttribute}, or {@code all},
 * {@code any} or {@code not} of other conditions. An absent attribute fails every test but
 * {@code exists: false}. Equality and patterns hold when the whole value (values joined by a
 * backslash) or one of its values fits; {@code contains} looks inside the whole value.
 */
public sealed interface FilterCondition {
    boolean holds(RoutingAttributes instance);

    record All(List<FilterCondition> conditions) implements FilterCondition {
        @Override
        public boolean holds(RoutingAttributes instance) {
            return conditions.stream().allMatch(c -> c.holds(instance));
        }
    }

    record Any(List<FilterCondition> conditions) implements FilterCondition {
        @Override
        public boolean holds(RoutingAttributes instance) {
            return conditions.stream().anyMatch(c -> c.holds(instance));
        }
    }

    record Not(FilterCondition condition) implements FilterCondition {
        @Override
        public boolean holds(RoutingAttributes instance) {
            return !condition.holds(instance);
        }
    }

    record Exists(RoutingAttribute attribute, boolean present) implements FilterCondition {
        @Override
        public boolean holds(RoutingAttributes instance) {
            return instance.get(attribute).isPresent() == present;
        }
    }

    record EqualsOneOf(RoutingAttribute attribute, List<String> candidates) implements FilterCondition {
        @Override
        public boolean holds(RoutingAttributes instance) {
            return valueOrOneOfItsValues(instance, attribute, candidates::contains);
        }
    }

    record Contains(RoutingAttribute attribute, String text) implements FilterCondition {
        @Override
        public boolean holds(RoutingAttributes instance) {
            return instance.get(attribute).map(v -> v.contains(text)).orElse(false);
        }
    }

    record Matches(RoutingAttribute attribute, Pattern pattern) implements FilterCondition {
        @Override
        public boolean holds(RoutingAttributes instance) {
            return valueOrOneOfItsValues(instance, attribute, v -> pattern.matcher(v).matches());
        }
    }

    /** {@code lessThan}, {@code lessOrEqual}, {@code greaterThan}, {@code greaterOrEqual} on a number attribute. */
    record Compare(RoutingAttribute attribute, String operator, LongPredicate test) implements FilterCondition {
        @Override
        public boolean holds(RoutingAttributes instance) {
            Optional<String> value = instance.get(attribute);
            return value.isPresent() && test.test(Long.parseLong(value.get().replace("+", "")));
        }
    }

    private static boolean valueOrOneOfItsValues(RoutingAttributes instance, RoutingAttribute attribute,
                                                 java.util.function.Predicate<String> test) {
        Optional<String> value = instance.get(attribute);
        return value.isPresent() && (test.test(value.get())
                || Arrays.stream(value.get().split("\\\\")).map(String::strip).anyMatch(test));
    }
}
