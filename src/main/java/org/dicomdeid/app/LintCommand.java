package org.dicomdeid.app;

import org.dicomdeid.policy.PolicyLint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code deid lint}: every problem of a policy file at once, with line numbers. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Check a policy file: unknown or repeated keys, rules that never match, conflict or shadow"
                + " each other, rules that undo a selected option, kept private creators known to carry dates or"
                + " identifiers, and the pseudonym lookup table (lines, never values).",
                "Exit codes: 0 no error (warnings are printed), 2 errors found (or POLICY unreadable),"
                        + " 1 a fault of the machine."})
public final class LintCommand implements Callable<Integer> {
    @Parameters(paramLabel = "POLICY", description = "Policy file (YAML)")
    Path policy;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(policy) || !Files.isReadable(policy)) {
            System.err.println("deid: POLICY is not a readable file");
            return Main.EXIT_USAGE;
        }
        List<PolicyLint.Finding> findings = PolicyLint.lint(policy);
        findings.forEach(System.out::println);
        long errors = findings.stream().filter(f -> f.severity() == PolicyLint.Severity.ERROR).count();
        System.out.println(errors + " error(s), " + (findings.size() - errors) + " warning(s)");
        return errors > 0 ? Main.EXIT_USAGE : Main.EXIT_OK;
    }
}
