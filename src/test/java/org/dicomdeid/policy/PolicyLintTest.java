package org.dicomdeid.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lint on policies with known answers: each file in src/test/resources/policies ends with its
 * expected findings, {@code # expect: [FILE] LINE SEVERITY TEXT} (FILE: the policy itself unless
 * named; TEXT: a part of the message). Exactly those findings, no others.
 */
class PolicyLintTest {
    private static final Pattern EXPECT = Pattern.compile("# expect: (?:(\\S+\\.csv) )?(\\d+) (error|warning) (.+)");

    @ParameterizedTest
    @ValueSource(strings = {"clean.yaml", "keys.yaml", "never-match.yaml", "conflicts.yaml", "options.yaml",
            "weakening.yaml", "bad-values.yaml"})
    void findsExactlyWhatEachPolicyExpects(String name) throws Exception {
        Path policy = Path.of("src/test/resources/policies", name);
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(policy)) {
            Matcher m = EXPECT.matcher(line);
            if (m.matches()) {
                expected.add((m.group(1) == null ? name : m.group(1)) + ":" + m.group(2) + ": " + m.group(3) + ": "
                        + m.group(4));
            }
        }
        List<PolicyLint.Finding> findings = PolicyLint.lint(policy);
        List<String> found = findings.stream().map(PolicyLint.Finding::toString).toList();
        assertThat(findings).as(String.join("\n", found)).hasSize(expected.size());
        for (String e : expected) {
            String where = e.substring(0, e.indexOf(": ", e.indexOf(": ") + 2) + 2);
            String text = e.substring(where.length());
            assertThat(found).as(e + "\nfound:\n" + String.join("\n", found))
                    .anySatisfy(f -> assertThat(f).startsWith(where).contains(text));
        }
    }
}
