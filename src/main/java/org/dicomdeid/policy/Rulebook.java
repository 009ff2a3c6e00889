package org.dicomdeid.policy;

import com.pixelmed.dicom.AttributeTag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resolved action for every attribute the profile, its selected options and the policy's
 * overrides name. Attributes it does not name are kept (and their sequences walked).
 * Private attributes are decided by {@link PrivateAttributePolicy}, unless an override names them.
 */
public final class Rulebook {
    /** A resolved rule and where it came from (for explanations, never for values). */
    public record Rule(TagPattern pattern, Action action, String source) {
    }

    private final Map<AttributeTag, Rule> exact = new HashMap<>();
    private final List<Rule> masks = new ArrayList<>();
    private final List<Rule> privateOverrides = new ArrayList<>();
    private final Map<AttributeTag, Rule> privateExact = new HashMap<>();

    private Rulebook() {
    }

    /**
     * The whole Table E.1-1 with the selected options applied, then the overrides (policy rules,
     * most specific first). Where two selected options give an attribute different actions,
     * the more protective wins: C (clean) over K (keep).
     */
    public static Rulebook build(ProfileTable table, Set<ProfileOption> options, List<Rule> overrides) {
        Rulebook book = new Rulebook();
        for (ProfileTable.Row row : table.rows()) {
            Action action = Action.parse(row.basicProfile());
            String column = "basic profile " + row.basicProfile()
                    + (row.basicProfile().equals(action.letter()) ? "" : " (read here as " + action.letter() + ")");
            boolean keep = false;
            boolean clean = false;
            boolean modifyDates = false;
            String keptBy = null;
            String cleanedBy = null;
            String datesBy = null;
            for (ProfileOption option : options) {
                String cell = option.tableColumn().map(row.optionCells()::get).orElse(null);
                if (cell != null) {
                    Action a = Action.parse(cell);
                    String by = "option " + option.cliName() + " " + cell;
                    boolean dates = option == ProfileOption.RETAIN_LONG_MODIFIED_DATES;
                    if (a == Action.KEEP && !keep) {
                        keep = true;
                        keptBy = by;
                    } else if (a == Action.CLEAN && !dates && !clean) {
                        clean = true;
                        cleanedBy = by;
                    } else if (a == Action.CLEAN && dates) {
                        modifyDates = true;
                        datesBy = by;
                    }
                }
            }
            if (clean) {
                action = Action.CLEAN;
                column = cleanedBy + (keep ? " (over " + keptBy + ": the more protective wins)" : "");
            } else if (modifyDates) {
                action = Action.MODIFY_DATES;
                column = datesBy + (keep ? " (over " + keptBy + ": the more protective wins)" : "");
            } else if (keep) {
                action = Action.KEEP;
                column = keptBy;
            }
            book.add(new Rule(row.pattern(), action,
                    "PS3.15 Table E.1-1 row " + row.pattern() + " " + row.name() + ", " + column));
        }
        // Overrides replace table rules with the same pattern and sit before other masks.
        List<Rule> sorted = new ArrayList<>(overrides);
        sorted.sort(Comparator.comparingInt((Rule r) -> r.pattern().specificity()).reversed());
        for (Rule r : sorted) {
            book.addOverride(r);
        }
        book.masks.sort(Comparator.comparingInt((Rule r) -> r.pattern().specificity()).reversed());
        return book;
    }

    private void add(Rule rule) {
        if (rule.pattern().isPrivateWildcard()) {
            return; // private attributes: PrivateAttributePolicy (the table's row is "X", or C with the option)
        }
        if (rule.pattern().isExact()) {
            exact.put(rule.pattern().exactTag(), rule);
        } else {
            masks.add(rule);
        }
    }

    private void addOverride(Rule rule) {
        TagPattern p = rule.pattern();
        if (p.isExact() && (p.exactTag().getGroup() & 1) == 1) {
            privateExact.put(p.exactTag(), rule);
        } else if (p.isExact()) {
            exact.put(p.exactTag(), rule);
        } else {
            masks.removeIf(m -> m.pattern().toString().equalsIgnoreCase(p.toString()));
            // Overrides come first among masks of equal specificity: insert at the front.
            masks.add(0, rule);
            privateOverrides.add(rule);
        }
    }

    /** The rule for a standard (even group) attribute, if any names it. */
    public Optional<Rule> ruleFor(AttributeTag tag) {
        Rule r = exact.get(tag);
        if (r != null) {
            return Optional.of(r);
        }
        for (Rule m : masks) {
            if (m.pattern().matches(tag)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** A policy override naming a private attribute (by exact tag or a mask on an odd group). */
    public Optional<Rule> privateOverrideFor(AttributeTag tag) {
        Rule r = privateExact.get(tag);
        if (r != null) {
            return Optional.of(r);
        }
        return privateOverrides.stream().filter(m -> m.pattern().matches(tag)).findFirst();
    }

    public Optional<Action> actionFor(AttributeTag tag) {
        return ruleFor(tag).map(Rule::action);
    }
}
