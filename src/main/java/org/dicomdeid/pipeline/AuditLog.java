package org.dicomdeid.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The append-only audit log: one JSON object per line and per input ({@link AuditRecord}).
 * Given a folder, it writes {@code audit-YYYY-MM-DD.jsonl} (UTC date of each record, a new file
 * every day); given a file, that one file. Each line is written whole to the file in one write
 * (no buffer in this process: a crash loses no line that was written), and the file is forced
 * to disk within a second of a write and when the log is closed. Lines are only ever appended.
 */
public final class AuditLog implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path target;
    private final boolean daily;
    private final ScheduledExecutorService syncer;
    private FileChannel channel;
    private Path open;
    private boolean dirty;

    private AuditLog(Path target, boolean daily) {
        this.target = target;
        this.daily = daily;
        this.syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deid-audit-sync");
            t.setDaemon(true);
            return t;
        });
        syncer.scheduleWithFixedDelay(this::syncQuietly, 1, 1, TimeUnit.SECONDS);
    }

    /** Daily files {@code audit-YYYY-MM-DD.jsonl} in {@code folder} (created if needed). */
    public static AuditLog inFolder(Path folder) {
        return new AuditLog(folder, true);
    }

    /** Everything in one file (its folder is created if needed). */
    public static AuditLog toFile(Path file) {
        return new AuditLog(file, false);
    }

    public synchronized void append(AuditRecord record) throws IOException {
        Path file = daily ? target.resolve("audit-" + record.time().atZone(ZoneOffset.UTC).toLocalDate() + ".jsonl") : target;
        if (!file.equals(open)) {
            closeChannel();
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            open = file;
        }
        ByteBuffer line = ByteBuffer.wrap((toJson(record) + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            channel.write(line);
        }
        dirty = true;
    }

    static String toJson(AuditRecord r) throws JsonProcessingException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", r.time().toString());
        m.put("route", r.route());
        m.put("input", r.input());
        m.put("outcome", r.outcome().label());
        m.put("reason", r.reason());
        m.put("outputUid", r.outputUid());
        m.put("policy", r.policy());
        m.put("options", r.options());
        m.put("actions", r.actions());
        m.put("destinations", r.destinations());
        m.put("ms", r.millis());
        m.put("bytes", r.bytes());
        return JSON.writeValueAsString(m);
    }

    /** Forces what was written to disk. */
    public synchronized void sync() throws IOException {
        if (dirty && channel != null) {
            channel.force(false);
            dirty = false;
        }
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (IOException e) {
            // the next second tries again; close() reports
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            sync();
            channel.close();
            channel = null;
            open = null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        syncer.shutdownNow();
        closeChannel();
    }
}
