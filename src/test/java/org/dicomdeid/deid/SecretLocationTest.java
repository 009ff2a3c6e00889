package org.dicomdeid.deid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One order of places for the project secret; creation said aloud; loose files refused. */
class SecretLocationTest {
    private static final String HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream notices = new ByteArrayOutputStream();

    private ProjectSecret resolve(Path explicit, Path place, Map<String, String> env) throws IOException {
        return SecretLocation.resolve(explicit, place, env, new PrintStream(notices, true, StandardCharsets.UTF_8));
    }

    private String notices() {
        return notices.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultPlaceNeverDependsOnTheCurrentFolder() {
        Path user = dir.resolve("user");
        assertThat(SecretLocation.userDefault(Map.of(), user))
                .isEqualTo(user.resolve(".config/dicom-deid/pseudonym.secret"));
        assertThat(SecretLocation.userDefault(Map.of("XDG_CONFIG_HOME", "/etc/xdg"), user))
                .isEqualTo(Path.of("/etc/xdg/dicom-deid/pseudonym.secret"));
        assertThat(SecretLocation.userDefault(Map.of("DEID_HOME", "/srv/deid", "XDG_CONFIG_HOME", "/x"), user))
                .isEqualTo(Path.of("/srv/deid/keys/pseudonym.secret"));
        assertThat(SecretLocation.inHome(Path.of("/srv/site"))).isEqualTo(Path.of("/srv/site/keys/pseudonym.secret"));
    }

    @Test
    void aNewSecretIsCreatedOnceWithModeSixHundredAndAnnouncedWithItsPath() throws Exception {
        Path place = dir.resolve("home/keys/pseudonym.secret");
        ProjectSecret first = resolve(null, place, Map.of());
        assertThat(notices()).contains("created a new project secret in " + place.toAbsolutePath(),
                "every site");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(place))).isEqualTo("rw-------");
        assertThat(Files.readString(place).strip()).hasSize(64);
        try (var files = Files.list(place.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(place);
        }
        notices.reset();
        ProjectSecret again = resolve(null, place, Map.of());
        assertThat(notices()).isEmpty();
        assertThat(again.logHash("x")).isEqualTo(first.logHash("x"));
    }

    @Test
    void theEnvironmentVariableIsUsedInsteadOfThePlaceButNotBesideAnExplicitFile() throws Exception {
        Path place = dir.resolve("keys/pseudonym.secret");
        ProjectSecret fromEnv = resolve(null, place, Map.of(ProjectSecret.ENV, HEX));
        assertThat(place).doesNotExist();
        assertThat(fromEnv.logHash("x")).isEqualTo(ProjectSecret.of(HexFormat.of().parseHex(HEX)).logHash("x"));
        assertThatThrownBy(() -> resolve(dir.resolve("explicit.secret"), place, Map.of(ProjectSecret.ENV, HEX)))
                .isInstanceOf(IOException.class).hasMessageContaining("use one");
    }

    @Test
    void anExplicitFileWinsOverThePlace() throws Exception {
        Path explicit = dir.resolve("trial.secret");
        Files.writeString(explicit, HEX + "\n");
        Files.setPosixFilePermissions(explicit, PosixFilePermissions.fromString("rw-------"));
        ProjectSecret s = resolve(explicit, dir.resolve("place.secret"), Map.of());
        assertThat(s.logHash("x")).isEqualTo(ProjectSecret.of(HexFormat.of().parseHex(HEX)).logHash("x"));
        assertThat(dir.resolve("place.secret")).doesNotExist();
    }

    @Test
    void aSecretFileOthersCanReadIsRefused() throws Exception {
        Path loose = dir.resolve("loose.secret");
        Files.writeString(loose, HEX + "\n");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> resolve(loose, null, Map.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("chmod 600")
                .message().doesNotContain(HEX);
    }

    @Test
    void aMalformedSecretIsRefusedWithoutShowingIt() throws Exception {
        assertThatThrownBy(() -> resolve(null, null, Map.of(ProjectSecret.ENV, "not-hex-at-all")))
                .isInstanceOf(IOException.class).hasMessageContaining("not hexadecimal")
                .message().doesNotContain("not-hex-at-all");
    }
}
