package org.dicomdeid.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deid run --routes}: folders and single files, repeatable; optional route sets stay off. */
class RunCommandTest {
    @TempDir
    Path home;

    @Test
    void aRoutesPathThatDoesNotExistIsAUsageError() {
        assertThat(Main.execute("run", "--home", home.toString(), "--routes", home.resolve("nope").toString()))
                .isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void aSingleRouteFileLoadsAndItsRequiredSettingsAreEnforced() {
        String push = "routes/sftp/sftp-push.yaml";
        // host, user and folder have no default: the start must fail rather than guess a server
        assertThat(Main.execute("run", "--home", home.toString(), "--routes", push, "--duration", "1"))
                .isNotZero();
        assertThat(Main.execute("run", "--home", home.toString(), "--routes", push, "--duration", "1",
                "--set", "deid.sftp.push.host=127.0.0.1", "--set", "deid.sftp.push.user=nobody",
                "--set", "deid.sftp.push.folder=incoming")).isZero();
        assertThat(home.resolve("state")).isDirectory();
    }
}
