package org.dicomdeid.camel;

import org.dicomdeid.deid.ProjectSecret;
import org.dicomdeid.pipeline.OutputNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The quarantine folder as operators see it: its entries (what {@link QuarantineProcessor} placed),
 * each named only by the keyed hash of its path, never by the name itself (quarantined inputs keep
 * their original names, which can identify a patient). An entry can be requeued (back to the
 * inbox, under its path there, to be processed again with the policy now in force) or deleted.
 * <p>
 * The hash is the one the logs use for an input ({@link OutputNames#logId}), of the entry's path
 * relative to the quarantine folder, which is the input's path relative to the inbox unless the
 * name was taken ({@code NAME~TAG}).
 */
public final class QuarantineStore {
    static final String REASON_SUFFIX = ".reason.txt";
    private static final int MAX_REASON_CHARS = 2000;

    private final Path quarantine;
    private final Path inbox;
    private final OutputNames names;

    public QuarantineStore(Path quarantine, Path inbox, ProjectSecret secret) {
        this.quarantine = quarantine.toAbsolutePath().normalize();
        this.inbox = inbox.toAbsolutePath().normalize();
        this.names = OutputNames.unchanged(secret);
    }

    /** One quarantined input: its keyed hash, the recorded reason (empty if none) and when it was quarantined. */
    public record Entry(String id, String reason, Instant time, long size) {
    }

    /** Every entry, newest first. Temporary files (dot-names) and reasons without an input are left out. */
    public List<Entry> list() throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Path file : inputs()) {
            entries.add(entry(file));
        }
        entries.sort(Comparator.comparing(Entry::time).reversed().thenComparing(Entry::id));
        return entries;
    }

    /** The entry of this id, if it is (still) there. */
    public Optional<Entry> find(String id) throws IOException {
        Optional<Path> file = locate(id);
        return file.isEmpty() ? Optional.empty() : Optional.of(entry(file.get()));
    }

    /**
     * Puts the input of entry {@code id} back into the inbox at its relative path (or beside it,
     * {@code NAME~TAG}, should another file wait there), durably, and removes its reason first: if
     * the input is quarantined again at once, its new reason is not the one deleted. Returns false
     * when no such entry exists (another operator was first).
     */
    public boolean requeue(String id) throws IOException {
        Optional<Path> found = locate(id);
        if (found.isEmpty()) {
            return false;
        }
        Path file = found.get();
        Path relative = originalPath(quarantine.relativize(file));
        DurableFiles.delete(reasonOf(file));
        UniqueNames.place(inbox.resolve(relative), UniqueNames.content(file), target -> DurableFiles.move(file, target));
        return true;
    }

    /** Deletes entry {@code id}, input and reason, durably. Returns false when no such entry exists. */
    public boolean delete(String id) throws IOException {
        Optional<Path> found = locate(id);
        if (found.isEmpty()) {
            return false;
        }
        DurableFiles.delete(found.get());
        DurableFiles.delete(reasonOf(found.get()));
        return true;
    }

    private Entry entry(Path file) throws IOException {
        Path reasonFile = reasonOf(file);
        String reason = "";
        Instant time;
        try {
            reason = Files.readString(reasonFile, StandardCharsets.UTF_8).strip();
            time = Files.getLastModifiedTime(reasonFile).toInstant();
        } catch (NoSuchFileException e) {
            time = Files.getLastModifiedTime(file).toInstant();
        }
        if (reason.length() > MAX_REASON_CHARS) {
            reason = reason.substring(0, MAX_REASON_CHARS) + "…";
        }
        return new Entry(idOf(file), reason, time, Files.size(file));
    }

    private String idOf(Path file) {
        return names.logId(quarantine.relativize(file)).substring(1);
    }

    private Optional<Path> locate(String id) throws IOException {
        for (Path file : inputs()) {
            if (idOf(file).equals(id)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private List<Path> inputs() throws IOException {
        if (!Files.isDirectory(quarantine)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(quarantine)) {
            return files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
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
