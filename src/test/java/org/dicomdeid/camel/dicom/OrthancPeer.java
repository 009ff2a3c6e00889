package org.dicomdeid.camel.dicom;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Orthanc (Debian's /usr/sbin/Orthanc) in a temporary folder, DICOM and HTTP on free
 * ports, HTTP reachable from 127.0.0.1 only. A Lua filter appends the SOP Instance UID of every
 * C-STORE it receives to a log, duplicates included, so tests can count deliveries exactly.
 */
final class OrthancPeer implements AutoCloseable {
    final String aeTitle;
    final int dicomPort;
    final int httpPort;
    final Path dir;
    final Path receivedLog;
    private Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OrthancPeer(Path dir, String aeTitle) throws IOException {
        this.dir = dir;
        this.aeTitle = aeTitle;
        this.dicomPort = Peers.freePort();
        this.httpPort = Peers.freePort();
        this.receivedLog = dir.resolve("received.log");
        Files.createDirectories(dir.resolve("storage"));
        Path lua = dir.resolve("count.lua");
        Files.writeString(lua, """
                function ReceivedInstanceFilter(dicom, origin, info)
                  local f = io.open('%s', 'a')
                  f:write(dicom.SOPInstanceUID .. '\\n')
                  f:close()
                  return true
                end
                """.formatted(receivedLog));
        Files.writeString(dir.resolve("orthanc.json"), """
                {
                  "Name": "deid-test",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "DicomAet": "%s",
                  "DicomPort": %d,
                  "HttpPort": %d,
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "DicomCheckCalledAet": true,
                  "DicomAlwaysAllowStore": true,
                  "DicomAlwaysAllowEcho": true,
                  "DicomCheckModalityHost": false,
                  "UnknownSopClassAccepted": true,
                  "Plugins": [],
                  "LuaScripts": ["%s"],
                  "SaveJobs": false,
                  "StableAge": 1
                }
                """.formatted(dir.resolve("storage"), dir.resolve("storage"), aeTitle, dicomPort, httpPort, lua));
    }

    OrthancPeer start() throws Exception {
        process = Peers.start(List.of("/usr/sbin/Orthanc", dir.resolve("orthanc.json").toString()), dir.resolve("orthanc.log"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (get("/system").contains("DicomAet")) {
                    Peers.awaitPort(dicomPort, 10_000);
                    return this;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
            if (!process.isAlive()) {
                throw new AssertionError("Orthanc exited: " + Files.readString(dir.resolve("orthanc.log")));
            }
        }
        throw new AssertionError("Orthanc did not start");
    }

    String get(String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> r = send(req);
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " for " + path);
        }
        return r.body();
    }

    /** Whether Orthanc holds an instance with this SOP Instance UID. */
    boolean has(String sopInstanceUid) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/tools/lookup"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid)).build();
        String body = send(req).body();
        return body.contains("\"Instance\"");
    }

    /**
     * Sends once more on a fresh connection when the pooled one was closed by Orthanc meanwhile
     * (Java's client then reports "header parser received no bytes").
     */
    private HttpResponse<String> send(HttpRequest req) throws IOException, InterruptedException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException closedMeanwhile) {
            Thread.sleep(50);
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        }
    }

    int instanceCount() throws IOException, InterruptedException {
        String body = get("/instances").trim();
        return body.equals("[]") ? 0 : body.split(",").length;
    }

    /** Every C-STORE received, in order, duplicates included. */
    List<String> receivedLog() throws IOException {
        return Files.exists(receivedLog) ? Files.readAllLines(receivedLog).stream().filter(s -> !s.isBlank()).toList() : List.of();
    }

    @Override
    public void close() throws Exception {
        Peers.stop(process);
    }
}
