package org.dicomdeid.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deid lint} exit codes: 2 on errors (or no readable policy), 0 with only warnings or nothing. */
class LintCommandTest {
    private static final Path POLICIES = Path.of("src/test/resources/policies");

    @TempDir
    Path dir;

    @Test
    void exitCodes() {
        assertThat(Main.execute("lint", POLICIES.resolve("clean.yaml").toString())).isEqualTo(Main.EXIT_OK);
        assertThat(Main.execute("lint", POLICIES.resolve("options.yaml").toString())).isEqualTo(Main.EXIT_OK);
        assertThat(Main.execute("lint", POLICIES.resolve("conflicts.yaml").toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.execute("lint", POLICIES.resolve("weakening.yaml").toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.execute("lint", dir.resolve("missing.yaml").toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.execute("lint")).isEqualTo(Main.EXIT_USAGE);
    }
}
