package org.dicomdeid.camel.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import org.dicomdeid.dicom.DicomFiles;
import org.dicomdeid.dicom.DicomObject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Real DICOM peers (dcmtk) and small test instances, always on 127.0.0.1. */
public final class Peers {
    static final String LOCALHOST = "127.0.0.1";
    static final Path TEST_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    private Peers() {
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOCALHOST))) {
            return s.getLocalPort();
        }
    }

    /** N distinct instances (fresh SOP Instance UIDs) copied from a pydicom test file. */
    public static List<Path> instances(Path dir, int n, String testFile) throws Exception {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DicomObject o = DicomFiles.read(TEST_FILES.resolve(testFile));
            AttributeList list = o.dataset();
            list.replace(TagFromName.SOPInstanceUID, "2.25." + newUidNumber());
            Path f = dir.resolve(testFile.replace(".dcm", "") + "-" + i + ".dcm");
            DicomFiles.writeAtomically(o, f);
            files.add(f);
        }
        return files;
    }

    private static String newUidNumber() {
        UUID u = UUID.randomUUID();
        return new java.math.BigInteger(1, java.nio.ByteBuffer.allocate(16)
                .putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array()).toString();
    }

    public static String sopInstanceUid(Path file) throws Exception {
        return DicomFiles.read(file).sopInstanceUID();
    }

    record Result(int exitCode, String output) {
    }

    /** dcmtk leaves Nagle on unless TCP_NODELAY=1 is in its environment (then ~20x faster here). */
    static ProcessBuilder dcmtk(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("TCP_NODELAY", "1");
        return pb;
    }

    static Result run(List<String> command, long timeoutSeconds) throws Exception {
        Process p = dcmtk(command).redirectErrorStream(true).start();
        byte[] out;
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        out = p.getInputStream().readAllBytes();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Process start(List<String> command, Path log) throws IOException {
        return dcmtk(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static List<String> storescu(String callingAe, String calledAe, int port, List<Path> files) {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-aet", callingAe, "-aec", calledAe, LOCALHOST,
                String.valueOf(port)));
        files.forEach(f -> cmd.add(f.toString()));
        return cmd;
    }

    static void awaitPort(int port, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket(LOCALHOST, port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listening on port " + port);
    }

    static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    static long count(String text, String needle) {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
