package org.dicomdeid.camel;

import org.dicomdeid.deid.ProjectSecret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The quarantine folder as operators see it ({@code deid requeue} and the web console): its
 * entries (what {@link QuarantineProcessor} placed), each named only by the input's keyed hash,
 * never by its name (quarantined inputs keep their original names, which can identify a patient).
 * An entry can be requeued (back to the inbox, under its path there, to be processed again with
 * the policy now in force) or deleted.
 * <p>
 * The id is the one the log line and the audit log give the input: the reason file's second line
 * {@code id #HASH} ({@link QuarantineProcessor#withId}). An entry without that line (quarantined
 * before reasons carried it, or its reason lost) gets the same keyed hash computed from its path
 * relative to the quarantine folder, which is the consumed name unless it was taken
 * ({@code NAME~TAG}, the tag left out). Several copies of one input (its name quarantined again
 * with other content) share its id, and an action on the id applies to all of them.
 */
public final class QuarantineStore {
    static final String REASON_SUFFIX = ".reason.txt";
    private static final int MAX_REASON_CHARS = 2000;

    private final Path quarantine;
    private final Path inbox;
    private final ProjectSecret secret;

    public QuarantineStore(Path quarantine, Path inbox, ProjectSecret secret) {
        this.quarantine = quarantine.toAbsolutePath().normalize();
        this.inbox = inbox.toAbsolutePath().normalize();
        this.secret = secret;
    }

    /**
     * One quarantined input: its id ({@code #} and 12 hex digits), the recorded reason (the reason
     * file's first line; empty if none), when it was quarantined and its size. No path: an entry
     * may be shown anywhere.
     */
    public record Entry(String id, String reason, Instant time, long size) {
        /** The id without its {@code #}: for HTML element ids and form values. */
        public String hex() {
            return id.substring(1);
        }
    }

    private record Located(Path file, Entry entry) {
    }

    /** Every entry, newest first. Temporary files (dot-names) and reasons without an input are left out. */
    public List<Entry> list() throws IOException {
        return located().stream().map(Located::entry)
                .sorted(Comparator.comparing(Entry::time).reversed().thenComparing(Entry::id)).toList();
    }

    /** The first entry with this id (with or without its {@code #}), if it is (still) there. */
    public Optional<Entry> find(String id) throws IOException {
        return withId(id).stream().findFirst().map(Located::entry);
    }

    /**
     * Puts the inputs of {@code id} (with or without its {@code #}) back into the inbox; returns
     * how many (none: no such entry, or another operator was first). See {@link #requeue(Located)}.
     */
    public int requeue(String id) throws IOException {
        List<Located> found = withId(id);
        for (Located l : found) {
            requeue(l);
        }
        return found.size();
    }

    /** Requeues every entry; returns how many. */
    public int requeueAll() throws IOException {
        List<Located> all = located();
        for (Located l : all) {
            requeue(l);
        }
        return all.size();
    }

    /** Deletes the inputs of {@code id} and their reasons, durably; returns how many. */
    public int delete(String id) throws IOException {
        List<Located> found = withId(id);
        for (Located l : found) {
            DurableFiles.delete(l.file());
            DurableFiles.delete(reasonOf(l.file()));
        }
        return found.size();
    }

    /**
     * Moves one input back to the inbox at its relative path (or beside it, {@code NAME~TAG},
     * should another file wait there: nothing there is ever replaced), durably, its reason
     * deleted first: if the input is quarantined again at once, its new reason is not the one
     * deleted, and a crash in between leaves the input listed, without reason. Reason files
     * themselves never go to the inbox.
     */
    private void requeue(Located entry) throws IOException {
        Path wanted = inbox.resolve(originalPath(quarantine.relativize(entry.file()))).normalize();
        if (!wanted.startsWith(inbox)) {
            throw new IOException("a quarantined name leaves the inbox");
        }
        DurableFiles.delete(reasonOf(entry.file()));
        UniqueNames.place(wanted, UniqueNames.content(entry.file()), target -> DurableFiles.move(entry.file(), target));
    }

    private List<Located> withId(String id) throws IOException {
        String wanted = id.startsWith("#") ? id : "#" + id;
        return located().stream().filter(l -> l.entry().id().equals(wanted)).toList();
    }

    private List<Located> located() throws IOException {
        List<Located> entries = new ArrayList<>();
        for (Path file : inputs()) {
            entries.add(new Located(file, entry(file)));
        }
        return entries;
    }

    private Entry entry(Path file) throws IOException {
        Path reasonFile = reasonOf(file);
        List<String> lines = List.of();
        Instant time;
        try {
            lines = Files.readAllLines(reasonFile, StandardCharsets.UTF_8);
            time = Files.getLastModifiedTime(reasonFile).toInstant();
        } catch (NoSuchFileException e) {
            time = Files.getLastModifiedTime(file).toInstant();
        }
        String reason = lines.isEmpty() ? "" : lines.get(0).strip();
        if (reason.length() > MAX_REASON_CHARS) {
            reason = reason.substring(0, MAX_REASON_CHARS) + "…";
        }
        String id = lines.stream().filter(l -> l.startsWith(QuarantineProcessor.ID_PREFIX))
                .map(l -> l.substring(QuarantineProcessor.ID_PREFIX.length()).strip())
                .filter(h -> h.matches("#[0-9a-f]{12}")).findFirst()
                .orElseGet(() -> "#" + secret.logHash(originalPath(quarantine.relativize(file)).toString()));
        return new Entry(id, reason, time, Files.size(file));
    }

    private List<Path> inputs() throws IOException {
        if (!Files.isDirectory(quarantine)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(quarantine)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !f.getFileName().toString().endsWith(REASON_SUFFIX))
                    .sorted().toList();
        }
    }

    private static Path reasonOf(Path file) {
        return file.resolveSibling(file.getFileName() + REASON_SUFFIX);
    }

    /** {@code NAME~TAG.ext} was {@code NAME.ext} in the inbox: the tag only kept it apart in quarantine. */
    static Path originalPath(Path relative) {
        String name = relative.getFileName().toString();
        String original = name.replaceFirst("~[0-9a-f]{8}(-[0-9]+)?(?=(\\.[^.]*)?$)", "");
        return original.isEmpty() ? relative : relative.resolveSibling(original);
    }
}
