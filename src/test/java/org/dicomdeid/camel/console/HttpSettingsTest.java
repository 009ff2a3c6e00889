package org.dicomdeid.camel.console;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.dicomdeid.app.Main;
import org.dicomdeid.deid.ProjectSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the console listens, and that beyond the loopback it asks for a credential. */
class HttpSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultIsTheLoopbackOnPort9876WithoutCredential() {
        HttpSettings s = HttpSettings.of(key -> null);
        assertThat(s.enabled()).isTrue();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(9876);
        assertThat(s.credential()).isNull();
        assertThat(HttpSettings.of(Map.of(HttpSettings.HOST, "localhost")::get).host()).isEqualTo("localhost");
    }

    @Test
    void anotherHostWithoutCredentialIsRefusedAndSoAreBadValues() throws Exception {
        assertThatThrownBy(() -> HttpSettings.of(Map.of(HttpSettings.HOST, "0.0.0.0")::get))
                .hasMessageContaining("without a credential").hasMessageContaining(HttpSettings.CREDENTIAL_FILE);
        assertThatThrownBy(() -> HttpSettings.of(Map.of(HttpSettings.PORT, "98760")::get)).hasMessageContaining("port");
        assertThatThrownBy(() -> HttpSettings.of(Map.of(HttpSettings.ENABLED, "yes")::get)).hasMessageContaining("true or false");
        // switched off, nothing listens: no credential needed
        assertThat(HttpSettings.of(Map.of(HttpSettings.HOST, "0.0.0.0", HttpSettings.ENABLED, "false")::get).enabled()).isFalse();
        Path open = credential("admin:secret-word", "rw-r--r--");
        assertThatThrownBy(() -> HttpSettings.of(Map.of(HttpSettings.HOST, "0.0.0.0",
                HttpSettings.CREDENTIAL_FILE, open.toString())::get))
                .hasMessageContaining("chmod 600").hasMessageNotContaining("secret-word");
        Path malformed = credential("no colon here", "rw-------");
        assertThatThrownBy(() -> HttpSettings.of(Map.of(HttpSettings.CREDENTIAL_FILE, malformed.toString())::get))
                .hasMessageContaining("user:password").hasMessageNotContaining("no colon");
        Path good = credential("admin:secret-word", "rw-------");
        HttpSettings s = HttpSettings.of(Map.of(HttpSettings.HOST, "0.0.0.0", HttpSettings.CREDENTIAL_FILE, good.toString())::get);
        assertThat(s.credential().user()).isEqualTo("admin");
        assertThat(s.toString()).doesNotContain("secret-word");
    }

    @Test
    void deidRunRefusesToListenBeyondTheLoopbackWithoutCredential() {
        assertThat(Main.execute("run", "--home", dir.toString(), "--routes", "routes/folder-anonymiser.yaml",
                "--set", "deid.http.host=0.0.0.0", "--duration", "1")).isEqualTo(Main.EXIT_USAGE);
        assertThat(dir.resolve("inbox")).doesNotExist();  // refused before anything started
    }

    @Test
    void aPortInUseStopsTheRunBeforeItStarts() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> HttpSettings.of(Map.of(HttpSettings.PORT, String.valueOf(taken.getLocalPort()))::get)
                    .checkPortFree()).hasMessageContaining("in use");
            assertThat(Main.execute("run", "--home", dir.toString(), "--routes", "routes/folder-anonymiser.yaml",
                    "--set", "deid.http.port=" + taken.getLocalPort(), "--duration", "1")).isEqualTo(Main.EXIT_USAGE);
        }
    }

    @Test
    void withACredentialEveryPathAsksForIt() throws Exception {
        Path good = credential("admin:secret-word", "rw-------");
        CamelContext context = new DefaultCamelContext();
        VertxPlatformHttpServer server = WebConsole.install(context, dir, HttpSettings.of(Map.of(
                HttpSettings.PORT, "0", HttpSettings.CREDENTIAL_FILE, good.toString())::get), ProjectSecret.of(new byte[32]));
        context.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI status = URI.create("http://127.0.0.1:" + server.getPort() + "/console");
            assertThat(http.send(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(status).header("Authorization", basic("admin:wrong")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(status)
                    .header("Authorization", basic("admin:secret-word")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<table id=\"routes\">");
            assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(page.headers().firstValue("Authorization")).isEmpty();
        } finally {
            context.stop();
        }
    }

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    private Path credential(String content, String mode) throws Exception {
        Path file = Files.createTempFile(dir, "credential", ".txt");
        Files.writeString(file, content + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
