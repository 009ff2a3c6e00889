package org.dicomdeid.camel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a folder, to fill a disk for real (needs root; tests that use it
 * assume {@link #available()}). Unmounted on close.
 */
public final class TinyDisk implements AutoCloseable {
    private final Path mountPoint;

    private TinyDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** True when tmpfs can be mounted here (root in a container that allows it). */
    public static boolean available() {
        try {
            Path probe = Files.createTempDirectory("tinydisk-probe");
            try (TinyDisk disk = mount(probe, 64)) {
                return true;
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static TinyDisk mount(Path folder, int kilobytes) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        run("mount", "-t", "tmpfs", "-o", "size=" + kilobytes + "k", "tmpfs", folder.toString());
        return new TinyDisk(folder);
    }

    /** Makes the disk larger (the cause of a "disk full" going away). */
    public void grow(int kilobytes) throws IOException, InterruptedException {
        run("mount", "-o", "remount,size=" + kilobytes + "k", mountPoint.toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", mountPoint.toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }
}
