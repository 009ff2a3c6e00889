package org.dicomdeid.camel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts quarantined inputs back into the inbox, for a new try once their cause is fixed (a
 * missing lookup entry, a pixel rule, a policy): each input moves to its own relative place in
 * the inbox (never replacing another file there: {@link UniqueNames}) and is forced to disk
 * before its {@code NAME.reason.txt} is deleted, so a crash in between leaves at worst a reason
 * without its input, never an input lost. Reason files themselves never go to the inbox (moving
 * the whole quarantine folder by hand once gave {@code X.reason.txt.reason.txt}).
 * <p>
 * Inputs are chosen by the keyed hash that the log line, the audit log and the reason file's
 * {@code id #HASH} line share, or all at once. Used by {@code deid requeue}; reusable by a console.
 */
public final class Requeue {
    private static final String REASON = ".reason.txt";
    private final Path quarantine;
    private final Path inbox;

    /** One quarantined input: its keyed hash (null for entries quarantined before ids), files and reason. */
    public record Entry(String id, Path input, Path reasonFile, String reason) {
    }

    public Requeue(Path quarantine, Path inbox) {
        this.quarantine = quarantine.toAbsolutePath().normalize();
        this.inbox = inbox.toAbsolutePath().normalize();
    }

    /** Every quarantined input that still has its reason file beside it. */
    public List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(quarantine)) {
            return entries;
        }
        try (Stream<Path> files = Files.walk(quarantine)) {
            for (Path reasonFile : files.filter(p -> p.getFileName().toString().endsWith(REASON)).sorted().toList()) {
                String name = reasonFile.getFileName().toString();
                Path input = reasonFile.resolveSibling(name.substring(0, name.length() - REASON.length()));
                if (!Files.isRegularFile(input) || name.startsWith(".")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(reasonFile, StandardCharsets.UTF_8);
                String id = lines.stream().filter(l -> l.startsWith(QuarantineProcessor.ID_PREFIX))
                        .map(l -> l.substring(QuarantineProcessor.ID_PREFIX.length()).strip()).findFirst().orElse(null);
                entries.add(new Entry(id, input, reasonFile, lines.isEmpty() ? "" : lines.get(0)));
            }
        }
        return entries;
    }

    /** Requeues the inputs whose keyed hash is {@code id} (with or without its {@code #}); returns where they went. */
    public List<Path> requeue(String id) throws IOException {
        String wanted = id.startsWith("#") ? id : "#" + id;
        List<Path> moved = new ArrayList<>();
        for (Entry e : entries()) {
            if (wanted.equals(e.id())) {
                moved.add(requeue(e));
            }
        }
        return moved;
    }

    /** Requeues every quarantined input; returns where they went. */
    public List<Path> requeueAll() throws IOException {
        List<Path> moved = new ArrayList<>();
        for (Entry e : entries()) {
            moved.add(requeue(e));
        }
        return moved;
    }

    /** Moves one entry's input back to its place in the inbox (durably), then deletes its reason file. */
    public Path requeue(Entry entry) throws IOException {
        Path wanted = inbox.resolve(quarantine.relativize(entry.input())).normalize();
        if (!wanted.startsWith(inbox)) {
            throw new IOException("a quarantined name leaves the inbox");
        }
        Path placed = UniqueNames.place(wanted, UniqueNames.content(entry.input()),
                target -> DurableFiles.move(entry.input(), target, true));
        DurableFiles.delete(entry.reasonFile());
        return placed;
    }
}
