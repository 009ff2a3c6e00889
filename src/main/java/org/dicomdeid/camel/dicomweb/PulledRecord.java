package org.dicomdeid.camel.dicomweb;

import org.dicomdeid.dicom.DicomFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The studies already pulled, one keyed hash per line (never a UID: see {@link KeyedHash}), so
 * that nothing is pulled twice, also after a restart. A line is appended and forced to disk
 * before the study's instances are released to the route; a line cut short by a crash is
 * ignored when the file is read (its study is still in the spool, which records it again).
 */
final class PulledRecord {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{16,128}");

    private final Path file;
    private final Set<String> hashes = new HashSet<>();

    PulledRecord(Path file) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        Files.createDirectories(this.file.getParent());
        if (Files.exists(this.file)) {
            for (String line : Files.readAllLines(this.file, StandardCharsets.US_ASCII)) {
                if (HASH.matcher(line).matches()) {
                    hashes.add(line);
                }
            }
        }
    }

    synchronized boolean contains(String hash) {
        return hashes.contains(hash);
    }

    /** Appends {@code hash} durably (the file, and on creation its folder, forced to disk). */
    synchronized void add(String hash) throws IOException {
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("the keyed hash must be lower-case hex");
        }
        if (hashes.contains(hash)) {
            return;
        }
        boolean created = !Files.exists(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            // a previous line cut short by a crash must not swallow this one
            long at = ch.size();
            String line = (at > 0 && !endsWithNewline(ch) ? "\n" : "") + hash + "\n";
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                at += ch.write(bytes, at);
            }
            ch.force(true);
        }
        if (created) {
            DicomFiles.force(file.getParent());
        }
        hashes.add(hash);
    }

    private static boolean endsWithNewline(FileChannel ch) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, ch.size() - 1);
        return last.get(0) == '\n';
    }

    synchronized int size() {
        return hashes.size();
    }
}
