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

    @Test
    void theDeliveryStageIsLoadedOnceWhateverTheIntakesNamed() throws Exception {
        Path delivery = Path.of("routes/delivery.yaml").toAbsolutePath();
        // an intake named alone brings the stage it hands over to
        assertThat(RouteFiles.resolve(java.util.List.of(Path.of("routes/sftp/sftp-pickup.yaml")))).contains(delivery).hasSize(2);
        // named twice (the folder and the file): loaded once
        assertThat(RouteFiles.resolve(java.util.List.of(Path.of("routes"), Path.of("routes/delivery.yaml"))))
                .filteredOn(p -> p.equals(delivery)).hasSize(1);
        // a route that does not deliver (the push reads the outbox itself) needs nothing more
        assertThat(RouteFiles.resolve(java.util.List.of(Path.of("routes/sftp/sftp-push.yaml")))).hasSize(1);
        assertThat(SettingsCheck.unknownSetting(java.util.List.of(Path.of("routes")), java.util.Map.of("deid.receiver.to", "x")))
                .hasValueSatisfying(m -> assertThat(m).contains("replaced by 'deid.deliver.to'"));
    }
}
