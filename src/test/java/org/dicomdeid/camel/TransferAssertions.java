package org.dicomdeid.camel;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.fail;

/** Folder checks for delivery tests: what is visible, what is temporary, and content hashes. */
public final class TransferAssertions {
    private TransferAssertions() {
    }

    /**
     * Regular files under {@code dir} (relative, '/'-separated), dot-names included. Files that
     * vanish while the folder is read (a running route renames them) are skipped.
     */
    public static List<String> allFiles(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    out.add(dir.relativize(file).toString().replace('\\', '/'));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        out.sort(null);
        return out;
    }

    /** Files a consumer would see: no dot-names (temporary) and no Camel lock markers. */
    public static List<String> visibleFiles(Path dir) throws IOException {
        return allFiles(dir).stream().filter(name -> !isTemporary(name)).toList();
    }

    public static boolean isTemporary(String relative) {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        return name.startsWith(".") || name.endsWith(".camelLock");
    }

    /** Relative name -> SHA-256 of every file under {@code dir}; fails on any temporary name. */
    public static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String name : allFiles(dir)) {
            if (isTemporary(name)) {
                fail("temporary file left behind: " + name);
            }
            out.put(name, sha256(Files.readAllBytes(dir.resolve(name))));
        }
        return out;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes files of random content (distinct per name) and returns their hashes. */
    public static Map<String, String> writeRandomFiles(Path dir, List<String> names, int size) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Random random = new Random(names.hashCode());
        for (String name : names) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            // written under a dot-name and renamed, as a well-behaved writer does
            Path tmp = file.resolveSibling("." + file.getFileName());
            Files.write(tmp, content);
            Files.move(tmp, file);
            out.put(name, sha256(content));
        }
        return out;
    }

    /** A condition that may read folders. */
    @FunctionalInterface
    public interface IoCondition {
        boolean test() throws IOException;
    }

    public static void await(IoCondition condition, int seconds) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.test()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }
}
