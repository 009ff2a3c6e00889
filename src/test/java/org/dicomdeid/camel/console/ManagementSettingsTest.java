package org.dicomdeid.camel.console;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.dicomdeid.app.Main;
import org.dicomdeid.deid.ProjectSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where deid run's one HTTP server listens (camel.management.*), that beyond the loopback it asks
 * for a credential, and that the credential guards every path: health, metrics and console.
 */
class ManagementSettingsTest {
    private static final String ROUTE = "routes/folder-anonymiser.yaml";
    @TempDir
    Path dir;

    private static ManagementSettings take(String... keyValues) throws ManagementSettings.Refused {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(ManagementSettings.PREFIX + keyValues[i], keyValues[i + 1]);
        }
        settings.put("deid.options", "retain-uids");
        ManagementSettings taken = ManagementSettings.take(settings);
        assertThat(settings).containsOnlyKeys("deid.options");  // Camel never sees them
        return taken;
    }

    @Test
    void theDefaultIsTheLoopbackOnCamelsPort9876WithHealthAndMetricsAndNoCredential() throws Exception {
        ManagementSettings s = take();
        assertThat(s.enabled()).isTrue();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(9876);
        assertThat(s.portChosen()).isFalse();
        assertThat(s.health()).isTrue();
        assertThat(s.metrics()).isTrue();
        assertThat(s.users()).isEmpty();
        assertThat(take("host", "localhost").host()).isEqualTo("localhost");
        assertThat(take("port", "9876").portChosen()).isTrue();
    }

    @Test
    void anotherHostWithoutCredentialIsRefusedAndSoAreBadValues() throws Exception {
        assertThatThrownBy(() -> take("host", "0.0.0.0")).hasMessageContaining("reachable from other machines")
                .hasMessageContaining("basicPropertiesFile");
        assertThatThrownBy(() -> take("port", "98760")).hasMessageContaining("port");
        assertThatThrownBy(() -> take("enabled", "yes")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> take("jolokiaEnabled", "true")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> take("authenticationEnabled", "true")).hasMessageContaining("basicPropertiesFile");
        // switched off, nothing listens: no credential needed
        assertThat(take("host", "0.0.0.0", "enabled", "false").enabled()).isFalse();
        Path open = users("user.admin = secret-word", "rw-r--r--");
        assertThatThrownBy(() -> take("host", "0.0.0.0", "authenticationEnabled", "true",
                "basicPropertiesFile", open.toString())).hasMessageContaining("chmod 600").hasMessageNotContaining("secret-word");
        Path malformed = users("admin:secret-word", "rw-------");
        assertThatThrownBy(() -> take("authenticationEnabled", "true", "basicPropertiesFile", malformed.toString()))
                .hasMessageContaining("user.NAME = PASSWORD").hasMessageNotContaining("secret-word");
        Path good = users("user.admin = secret-word,admin", "rw-------");
        ManagementSettings s = take("host", "0.0.0.0", "authenticationEnabled", "true", "basicPropertiesFile", good.toString());
        assertThat(s.users()).containsOnlyKeys("admin");
        assertThat(s.toString()).doesNotContain("secret-word");
    }

    @Test
    void deidRunRefusesToListenBeyondTheLoopbackWithoutCredential() {
        for (String setting : List.of("camel.management.host=0.0.0.0", "camel.server.enabled=true",
                "camel.management.jolokiaEnabled=true", "deid.http.port=8080")) {
            assertThat(Main.execute("run", "--home", dir.toString(), "--routes", ROUTE, "--set", setting,
                    "--duration", "1")).as(setting).isEqualTo(Main.EXIT_USAGE);
        }
        assertThat(dir.resolve("inbox")).doesNotExist();  // refused before anything started
    }

    @Test
    void aChosenPortInUseStopsTheRunButTheDefaultPortInUseOnlyLeavesItWithoutServer() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(take("port", String.valueOf(taken.getLocalPort())).portInUse()).isTrue();
            assertThat(Main.execute("run", "--home", dir.toString(), "--routes", ROUTE,
                    "--set", "camel.management.port=" + taken.getLocalPort(), "--duration", "1")).isEqualTo(Main.EXIT_USAGE);
            assertThat(dir.resolve("inbox")).doesNotExist();
        }
        assertThat(take("port", "0").portInUse()).isFalse();
        ServerSocket defaultPort = occupy(ManagementSettings.DEFAULT_PORT);  // null: someone else holds it already
        try {
            assertThat(take().portInUse()).isTrue();
            assertThat(Main.execute("run", "--home", dir.toString(), "--routes", ROUTE, "--duration", "1")).isZero();
            assertThat(dir.resolve("inbox")).isDirectory();
        } finally {
            if (defaultPort != null) {
                defaultPort.close();
            }
        }
    }

    @Test
    void withACredentialEveryPathAsksForIt() throws Exception {
        Path good = users("user.admin = secret-word\nuser.viewer = other-word", "rw-------");
        CamelContext context = new DefaultCamelContext();
        VertxPlatformHttpServer server = ManagementServer.install(context, dir, take("port", "0",
                "authenticationEnabled", "true", "basicPropertiesFile", good.toString()), ProjectSecret.of(new byte[32]));
        context.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/console", "/console/quarantine", "/observe/health", "/observe/metrics")) {
                URI uri = URI.create("http://127.0.0.1:" + server.getPort() + path);
                assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .as(path).isEqualTo(401);
                assertThat(http.send(HttpRequest.newBuilder(uri).header("Authorization", basic("admin:other-word")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(401);
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", basic("viewer:other-word")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).as(path).isIn(200, 503);  // health: 503 until checks report UP
                assertThat(page.headers().firstValue("Authorization")).isEmpty();
            }
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.getPort() + "/console")).header("Authorization", basic("admin:secret-word")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("<table id=\"routes\">").contains("observe-metrics");
            assertThat(status.headers().firstValue("Content-Security-Policy")).isPresent();
        } finally {
            context.stop();
        }
    }

    private static ServerSocket occupy(int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s;
        } catch (IOException e) {
            return null;
        }
    }

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    private Path users(String content, String mode) throws Exception {
        Path file = Files.createTempFile(dir, "users", ".properties");
        Files.writeString(file, content + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
