package org.dicomdeid.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code deid run} as a separate JVM, as an operator starts it, so a test can kill it with
 * SIGKILL. The classpath is this test JVM's own (surefire runs before {@code package}, so
 * target/lib may be stale or missing).
 */
final class DeidProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private DeidProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static DeidProcess run(Path home, Path log, List<Path> routes, String... settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--home", home.toString()));
        for (Path r : routes) {
            command.add("--routes");
            command.add(r.toAbsolutePath().toString());
        }
        for (String s : settings) {
            command.add("--set");
            command.add(s);
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new DeidProcess(p, log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL on Linux: no shutdown hook, no graceful stop, nothing flushed by the JVM. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: camel-main's graceful shutdown. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** The last lines of the process's output, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
