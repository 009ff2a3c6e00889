package org.dicomdeid.policy;

import com.pixelmed.dicom.AttributeTag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lint checks on rules, asked of the real {@link Rulebook} (never a second reading of the
 * order): rules that can never match, two rules for one tag, a rule that loses where it applies
 * to another of equal or lesser specificity (of equal specificity, the later standard mask wins but
 * the earlier private mask does), a mask that the table's exact rows take away from, and a rule that
 * undoes a selected option (the De-identification Method Code Sequence would still claim the option).
 */
final class RuleOverlaps {
    private static final int EXAMPLES = 3;

    private final PolicyLint lint;
    private final Set<ProfileOption> options;
    private final List<PolicyLint.LintRule> rules;
    private final Map<String, PolicyLint.LintRule> bySource = new HashMap<>();
    private final Rulebook book;

    RuleOverlaps(PolicyLint lint, Set<ProfileOption> options, List<PolicyLint.LintRule> rules) {
        this.lint = lint;
        this.options = options;
        this.rules = rules;
        List<Rulebook.Rule> overrides = new ArrayList<>();
        for (PolicyLint.LintRule r : rules) {
            String source = "rules[" + r.index() + "]";
            bySource.put(source, r);
            overrides.add(new Rulebook.Rule(r.pattern(), r.action(), source));
        }
        this.book = Rulebook.build(ProfileTable.standard(), options, overrides);
    }

    void check() {
        for (PolicyLint.LintRule r : rules) {
            neverMatches(r);
            takenByTable(r);
        }
        for (int i = 0; i < rules.size(); i++) {
            for (int j = i + 1; j < rules.size(); j++) {
                pair(rules.get(i), rules.get(j));
            }
        }
        undoesOptions();
    }

    private String place(PolicyLint.LintRule r) {
        return "rules[" + r.index() + "]";
    }

    private void neverMatches(PolicyLint.LintRule r) {
        TagPattern p = r.pattern();
        if (p.isPrivateWildcard()) {
            return;
        }
        if (p.isInGroup(0x0002)) {
            lint.warning(place(r), p + ": the file meta information (group 0002) is written anew, and inside items it"
                    + " is removed: this rule never applies");
            return;
        }
        if (p.matchesPrivateGroups()) {
            return; // private attributes are not in the dictionary
        }
        StandardDictionary dictionary = StandardDictionary.get();
        if (p.isExact() ? dictionary.vr(p.exactTag()).isEmpty() : !dictionary.anyMatches(p)) {
            lint.warning(place(r), p + " matches no attribute of the DICOM dictionary: it applies only to"
                    + " non-standard attributes a file might hold (a typo?)");
        }
    }

    /** A policy mask does not apply where the table names a tag exactly: exact rules win over masks. */
    private void takenByTable(PolicyLint.LintRule r) {
        if (r.pattern().isExact() || r.pattern().matchesPrivateGroups()) {
            return;
        }
        List<String> lost = new ArrayList<>();
        int count = 0;
        for (AttributeTag tag : StandardDictionary.get().tagsMatching(r.pattern())) {
            Optional<Rulebook.Rule> winner = book.ruleFor(tag);
            if (winner.isPresent() && !bySource.containsKey(winner.get().source())) {
                count++;
                if (lost.size() < EXAMPLES) {
                    lost.add(String.format("(%04X,%04X)", tag.getGroup(), tag.getElement()));
                }
            }
        }
        if (count > 0) {
            lint.warning(place(r), r.pattern() + " " + r.action().letter() + " does not apply to " + count
                    + " attribute(s) that Table E.1-1 names more precisely (e.g. " + String.join(", ", lost)
                    + "): the more specific rule wins; name them in rules of their own to change them");
        }
    }

    private void pair(PolicyLint.LintRule a, PolicyLint.LintRule b) {
        Optional<AttributeTag> common = a.pattern().commonTag(b.pattern());
        if (common.isEmpty()) {
            return;
        }
        AttributeTag tag = common.get();
        String at = String.format("(%04X,%04X)", tag.getGroup(), tag.getElement());
        boolean same = samePattern(a.pattern(), b.pattern());
        Optional<Rulebook.Rule> winner = (tag.getGroup() & 1) == 1 ? book.privateOverrideFor(tag) : book.ruleFor(tag);
        PolicyLint.LintRule won = winner.map(w -> bySource.get(w.source())).orElse(null);
        if (same) {
            if (a.action() != b.action()) {
                lint.error(place(b), a.label() + " and " + b.label() + " name the same tag " + a.pattern()
                        + " with different actions (" + a.action().letter() + ", " + b.action().letter() + "); "
                        + (won == null ? "neither" : won.label()) + " wins; keep one");
            } else {
                lint.warning(place(b), b.label() + " repeats " + a.label() + " (" + a.pattern() + " "
                        + a.action().letter() + ")");
            }
            return;
        }
        if (won == null || a.action() == b.action()) {
            return; // decided by a third rule, or no difference where they meet
        }
        PolicyLint.LintRule lost = won == a ? b : a;
        if (lost.pattern().specificity() >= won.pattern().specificity()) {
            lint.warning(place(lost), lost.label() + " " + lost.pattern() + " " + lost.action().letter()
                    + " is shadowed by " + won.label() + " " + won.pattern() + " " + won.action().letter()
                    + " where both match (e.g. " + at + "): of equally specific rules, " + won.label() + " wins there");
        }
    }

    private static boolean samePattern(TagPattern a, TagPattern b) {
        return a.toString().replaceAll("[\\s()]", "").equalsIgnoreCase(b.toString().replaceAll("[\\s()]", ""));
    }

    /** A rule that gives an attribute another action than a selected option gives it. */
    private void undoesOptions() {
        if (options.isEmpty()) {
            return;
        }
        Rulebook withoutRules = Rulebook.build(ProfileTable.standard(), options, List.of());
        for (ProfileTable.Row row : ProfileTable.standard().rows()) {
            if (!row.pattern().isExact()) {
                continue;
            }
            AttributeTag tag = row.pattern().exactTag();
            Optional<Rulebook.Rule> actual = book.ruleFor(tag);
            PolicyLint.LintRule rule = actual.map(r -> bySource.get(r.source())).orElse(null);
            if (rule == null) {
                continue;
            }
            for (ProfileOption option : options) {
                String cell = option.tableColumn().map(row.optionCells()::get).orElse(null);
                Action byOptions = withoutRules.actionFor(tag).orElse(null);
                if (cell != null && byOptions != null && byOptions != rule.action()
                        && !Action.parse(cell).letter().equals(rule.action().letter())) {
                    lint.warning(place(rule), rule.label() + " gives " + row.pattern() + " " + row.name() + " "
                            + rule.action().letter() + ", but the option " + option.cliName() + " gives it " + cell
                            + ": the rule wins, and the De-identification Method Code Sequence still claims the option");
                }
            }
        }
    }
}
