package org.dicomdeid.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deid run --set deid.xxx=...}: a key no loaded route asks for stops the start. */
class SettingsCheckTest {
    private static final Path SHIPPED = Path.of("routes");

    @TempDir
    Path home;

    @Test
    void aMistypedPolicyKeyStopsTheRunBeforeAnythingIsCreated() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.execute("run", "--home", home.toString(), "--routes", SHIPPED.toString(),
                    "--set", "deid.polcy=strict.yaml", "--duration", "1");
        } finally {
            System.setErr(saved);
        }
        assertThat(exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown setting 'deid.polcy'", "did you mean 'deid.policy'?")
                .doesNotContain("Exception", "\tat ");
        assertThat(home.resolve("inbox")).doesNotExist();
    }

    @Test
    void theKnownKeysAreThePlaceholdersOfTheShippedRoutes() throws Exception {
        for (String key : List.of("deid.policy", "deid.options", "deid.recipients", "deid.home", "deid.archive.after",
                "deid.receiver.port", "deid.deliver.to", "deid.deliver.giveUpAfter", "deid.reidentify.enabled", "deid.reidentify.password-file",
                "deid.dicomweb.pull.enabled", "deid.dicomweb.pull.url", "deid.dicomweb.pull.accessionList")) {
            assertThat(SettingsCheck.unknownSetting(List.of(SHIPPED), Map.of(key, "x"))).as(key).isEmpty();
        }
        // only deid.* is ours to check: Camel's own settings pass
        assertThat(SettingsCheck.unknownSetting(List.of(SHIPPED), Map.of("camel.main.name", "x"))).isEmpty();
        assertThat(SettingsCheck.unknownSetting(List.of(SHIPPED), Map.of("deid.recipient", "a.pem")))
                .hasValueSatisfying(m -> assertThat(m).contains("'deid.recipients'"));
        assertThat(SettingsCheck.unknownSetting(List.of(SHIPPED), Map.of("deid.reidentify.passwordfile", "p")))
                .hasValueSatisfying(m -> assertThat(m).contains("'deid.reidentify.password-file'"));
        assertThat(SettingsCheck.unknownSetting(List.of(SHIPPED), Map.of("deid.zzzzzzzzzzzzzzzz", "p")))
                .as("no far-fetched guess").hasValueSatisfying(m -> assertThat(m).doesNotContain("did you mean"));
    }

    @Test
    void aKeyOfARouteThatIsNotLoadedSaysWhichFileUsesIt() throws Exception {
        assertThat(SettingsCheck.unknownSetting(List.of(SHIPPED), Map.of("deid.sftp.push.host", "h")))
                .hasValueSatisfying(m -> assertThat(m).contains("sftp-push.yaml", "not loaded"));
        Path push = SHIPPED.resolve("sftp/sftp-push.yaml");
        assertThat(SettingsCheck.unknownSetting(List.of(SHIPPED, push), Map.of("deid.sftp.push.host", "h"))).isEmpty();
    }

    @Test
    void aSiteRouteBringsItsOwnKeys() throws Exception {
        Path routes = home.resolve("routes");
        Files.createDirectories(routes);
        Files.writeString(routes.resolve("site.yaml"), """
                - route:
                    from:
                      uri: "timer:t?period={{deid.site.period:1000}}"
                      steps:
                        - to: "file:{{deid.site.out}}"
                """);
        assertThat(SettingsCheck.unknownSetting(List.of(routes), Map.of("deid.site.period", "5", "deid.site.out", "o")))
                .isEmpty();
        assertThat(SettingsCheck.unknownSetting(List.of(routes), Map.of("deid.policy", "p.yaml")))
                .as("a key of routes that are not loaded").isPresent();
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(SettingsCheck.editDistance("deid.polcy", "deid.policy")).isEqualTo(1);
        assertThat(SettingsCheck.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(SettingsCheck.editDistance("", "abc")).isEqualTo(3);
        assertThat(SettingsCheck.editDistance("same", "same")).isZero();
    }
}
