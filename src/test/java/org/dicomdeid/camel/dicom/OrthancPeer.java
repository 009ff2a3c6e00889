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
 * instance it receives to a log, duplicates included, so tests can count deliveries exactly, and
 * fails to store those whose SOP Instance UID is listed in {@code reject.txt} (an error in the
 * filter: Orthanc then does not store the instance). With {@link Web}, the
 * DICOMweb plugin (Debian's orthanc-dicomweb) serves {@code /dicom-web/} and, with a user, HTTP
 * Basic authentication is required.
 */
public final class OrthancPeer implements AutoCloseable {
    public static final String DICOMWEB_PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    /** DICOMweb on or off, and the one user allowed (null: no authentication). */
    public record Web(boolean dicomWeb, String user, String password) {
        public static final Web NONE = new Web(false, null, null);
    }

    final String aeTitle;
    public final int dicomPort;
    public final int httpPort;
    final Path dir;
    final Path receivedLog;
    private final Path rejectList;
    private final Web web;
    private Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OrthancPeer(Path dir, String aeTitle) throws IOException {
        this(dir, aeTitle, Web.NONE);
    }

    public OrthancPeer(Path dir, String aeTitle, Web web) throws IOException {
        this.dir = dir;
        this.aeTitle = aeTitle;
        this.web = web;
        this.rejectList = dir.resolve("reject.txt");
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
                  local r = io.open('%s', 'r')
                  if r then
                    for line in r:lines() do
                      if line == dicom.SOPInstanceUID then
                        r:close()
                        error('refused by the test')
                      end
                    end
                    r:close()
                  end
                  return true
                end
                """.formatted(receivedLog, rejectList));
        String auth = web.user() == null ? "\"AuthenticationEnabled\": false"
                : "\"AuthenticationEnabled\": true, \"RegisteredUsers\": {\"%s\": \"%s\"}".formatted(web.user(), web.password());
        String plugins = web.dicomWeb()
                ? "\"Plugins\": [\"%s\"], \"DicomWeb\": {\"Enable\": true, \"Root\": \"/dicom-web/\"}".formatted(DICOMWEB_PLUGIN)
                : "\"Plugins\": []";
        Files.writeString(dir.resolve("orthanc.json"), """
                {
                  "Name": "deid-test",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "DicomAet": "%s",
                  "DicomPort": %d,
                  "HttpPort": %d,
                  "RemoteAccessAllowed": false,
                  %s,
                  "DicomCheckCalledAet": true,
                  "DicomAlwaysAllowStore": true,
                  "DicomAlwaysAllowEcho": true,
                  "DicomCheckModalityHost": false,
                  "UnknownSopClassAccepted": true,
                  %s,
                  "LuaScripts": ["%s"],
                  "SaveJobs": false,
                  "StableAge": 1
                }
                """.formatted(dir.resolve("storage"), dir.resolve("storage"), aeTitle, dicomPort, httpPort, auth, plugins, lua));
    }

    public OrthancPeer start() throws Exception {
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

    /** The base URL of the DICOMweb service. */
    public String dicomWebUrl() {
        return "http://127.0.0.1:" + httpPort + "/dicom-web";
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(60));
        if (web.user() != null) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (web.user() + ":" + web.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return b;
    }

    /** Stores a Part 10 file through the REST API (POST /instances). */
    public void upload(Path file) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request("/instances").POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " storing a test instance: " + r.body());
        }
    }

    /** Makes the Lua filter refuse this SOP Instance UID from now on. */
    public void reject(String sopInstanceUid) throws IOException {
        Files.writeString(rejectList, sopInstanceUid + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    public String get(String path) throws IOException, InterruptedException {
        HttpRequest req = request(path).GET().build();
        HttpResponse<String> r = send(req);
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " for " + path);
        }
        return r.body();
    }

    /** Whether Orthanc holds an instance with this SOP Instance UID. */
    public boolean has(String sopInstanceUid) throws IOException, InterruptedException {
        HttpRequest req = request("/tools/lookup").POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid)).build();
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

    public int instanceCount() throws IOException, InterruptedException {
        String body = get("/instances").trim();
        return body.equals("[]") ? 0 : body.split(",").length;
    }

    /** Every C-STORE received, in order, duplicates included. */
    public List<String> receivedLog() throws IOException {
        return Files.exists(receivedLog) ? Files.readAllLines(receivedLog).stream().filter(s -> !s.isBlank()).toList() : List.of();
    }

    @Override
    public void close() throws Exception {
        Peers.stop(process);
    }

    /** Stops Orthanc; {@link #start()} starts it again on the same ports and storage. */
    public void stop() throws Exception {
        Peers.stop(process);
    }
}
