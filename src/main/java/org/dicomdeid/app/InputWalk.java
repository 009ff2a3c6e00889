package org.dicomdeid.app;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files a batch command works on: each INPUT file, and every regular file under each INPUT
 * folder (links followed, a folder given through a link too). What cannot be read as a file is
 * skipped and counted by reason (FIFOs and devices, dangling links, link loops, unreadable files
 * and folders, our own quarantine reason files); nothing names a path.
 */
final class InputWalk {
    /** One file to process and its path relative to the INPUT it was found under. */
    record Task(Path input, Path relative) {
    }

    /** An INPUT argument that is neither a file nor a folder: a usage error, nothing is processed. */
    static final class BadInputException extends Exception {
        BadInputException(String message) {
            super(message);
        }
    }

    static final String NOT_REGULAR = "not a regular file";
    static final String DANGLING = "dangling link";
    static final String LOOP = "link loop";
    static final String UNREADABLE = "unreadable";
    static final String REASON_FILE = "quarantine reason file";

    final List<Task> tasks = new ArrayList<>();
    /** Reason -> count, in a stable order for the summary. */
    final Map<String, Integer> skipped = new TreeMap<>();

    static InputWalk of(List<Path> inputs) throws BadInputException, IOException {
        InputWalk walk = new InputWalk();
        for (int i = 0; i < inputs.size(); i++) {
            Path input = inputs.get(i);
            Path real;
            try {
                real = input.toRealPath();
            } catch (IOException e) {
                throw new BadInputException("INPUT " + (i + 1) + " does not exist or cannot be reached");
            }
            if (Files.isDirectory(real)) {
                walk.folder(real);
            } else if (Files.isRegularFile(real)) {
                walk.file(real, input.getFileName());
            } else {
                throw new BadInputException("INPUT " + (i + 1) + " is not a file or folder");
            }
        }
        return walk;
    }

    int skippedCount() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    private void skip(String reason) {
        skipped.merge(reason, 1, Integer::sum);
    }

    private void file(Path file, Path relative) {
        if (relative.getFileName().toString().endsWith(".reason.txt")) {
            skip(REASON_FILE); // a requeued quarantine: X.reason.txt must not become X.reason.txt.reason.txt
        } else if (!Files.isReadable(file)) {
            skip(UNREADABLE);
        } else {
            tasks.add(new Task(file, relative));
        }
    }

    private void folder(Path root) throws IOException {
        List<Task> found = new ArrayList<>();
        int before = tasks.size();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    file(file, root.relativize(file));
                } else if (attrs.isSymbolicLink()) {
                    // the walker could not follow it
                    skip(isLoop(file) ? LOOP : DANGLING);
                } else {
                    skip(NOT_REGULAR);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                skip(e instanceof FileSystemLoopException ? LOOP : UNREADABLE);
                return FileVisitResult.CONTINUE;
            }
        });
        found.addAll(tasks.subList(before, tasks.size()));
        found.sort(Comparator.comparing(Task::relative));
        tasks.subList(before, tasks.size()).clear();
        tasks.addAll(found);
    }

    private static boolean isLoop(Path link) {
        try {
            link.toRealPath();
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true; // "Too many levels of symbolic links"
        }
    }
}
