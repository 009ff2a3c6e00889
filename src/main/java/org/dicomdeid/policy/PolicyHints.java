package org.dicomdeid.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The lint checks on settings rather than rules: settings that weaken de-identification, private
 * creators kept whole that are known to carry dates or identifiers, private rules that name no
 * creator, and every problem of the pseudonym lookup table (with its own line numbers, never its values).
 */
final class PolicyHints {
    private final PolicyLint lint;
    private final Path file;

    PolicyHints(PolicyLint lint, Path file) {
        this.lint = lint;
        this.file = file;
    }

    /** Runs the checks; returns the number of errors of the lookup table. */
    int check(JsonNode root, Set<ProfileOption> options, List<PolicyLint.LintRule> rules) {
        if ("keep".equals(root.path("unlistedText").asText())) {
            lint.warning("unlistedText", "free text outside Table E.1-1 and the rules is kept as it is"
                    + " (only the residual scan stands between it and the output)");
        }
        if ("off".equals(root.path("residualScan").asText()) || root.path("residualScan").isBoolean()
                && !root.path("residualScan").asBoolean()) {
            lint.warning("residualScan", "the residual-PHI scan is off: an identifying value left in an output"
                    + " is released");
        }
        if ("pass".equals(root.path("burnedInWithoutRule").asText())) {
            lint.warning("burnedInWithoutRule", "images known to carry burned-in text that no pixel rule matches"
                    + " are released as they are");
        }
        keptCreators(root.path("privateCreators").path("keep"));
        for (PolicyLint.LintRule r : rules) {
            privateRule(r);
        }
        return lookup(root.path("pseudonyms").path("lookup"));
    }

    private void keptCreators(JsonNode keep) {
        if (!keep.isArray()) {
            return;
        }
        for (int i = 0; i < keep.size(); i++) {
            String creator = keep.get(i).asText().strip();
            List<String> carries = PolicyLint.identifyingCreators().get(creator.toUpperCase(Locale.ROOT));
            if (carries != null) {
                lint.warning("privateCreators.keep[" + i + "]", "private creator '" + creator
                        + "' is known to carry dates or identifiers: " + String.join(", ", carries)
                        + "; keeping its block whole keeps them");
            }
        }
    }

    /** A rule on a private attribute names no creator: it hits whichever creator holds the block. */
    private void privateRule(PolicyLint.LintRule r) {
        TagPattern p = r.pattern();
        if (!p.isExact() || (p.exactTag().getGroup() & 1) == 0) {
            if (!p.isExact() && p.matchesPrivateGroups() && (r.action() == Action.KEEP || r.action() == Action.CLEAN)) {
                lint.warning("rules[" + r.index() + "]", p + " " + r.action().letter() + " keeps private attributes"
                        + " of every creator it meets; name the creators in privateCreators.keep instead");
            }
            return;
        }
        int element = p.exactTag().getElement();
        if (element >= 0x1000) {
            lint.warning("rules[" + r.index() + "]", p + " is a private attribute but a rule names no creator: it"
                    + String.format(" applies to whichever creator reserved block %02X of group %04X in each file",
                    element >> 8, p.exactTag().getGroup()) + " (privateCreators names creators)");
        }
    }

    private int lookup(JsonNode node) {
        if (!node.isValueNode()) {
            return 0;
        }
        Path csv = file.toAbsolutePath().getParent().resolve(node.asText());
        if (!Files.isReadable(csv)) {
            return 0; // the loader says it is not readable, at the policy's line
        }
        List<PseudonymLookup.Problem> problems = new ArrayList<>();
        PseudonymLookup.check(csv, "pseudonyms.lookup", problems);
        int errors = 0;
        for (PseudonymLookup.Problem p : problems) {
            errors += p.error() ? 1 : 0;
            lint.add(new PolicyLint.Finding(p.error() ? PolicyLint.Severity.ERROR : PolicyLint.Severity.WARNING,
                    String.valueOf(csv.getFileName()), p.line(), p.message()));
        }
        return errors;
    }
}
