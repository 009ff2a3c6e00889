package org.dicomdeid.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The route files {@code deid run} loads: a folder gives its own *.yaml (not its sub-folders:
 * routes/sftp/ stays off unless named), a file itself; each file once, whatever way it was
 * named. Every intake hands its instances to the delivery stage ({@code direct:deliver} in
 * {@value #DELIVERY}); when a loaded route uses it and no loaded file is that stage, the
 * {@value #DELIVERY} nearest to the named files (their folder, then its parents) is added, so
 * {@code --routes routes/sftp/sftp-pickup.yaml} alone works and the stage is never loaded twice.
 */
final class RouteFiles {
    static final String DELIVERY = "delivery.yaml";
    private static final String DELIVERY_ENDPOINT = "direct:deliver";
    private static final java.util.regex.Pattern USES_DELIVERY =
            java.util.regex.Pattern.compile("\\bdirect:deliver(?![-\\w])");

    private RouteFiles() {
    }

    /** The files to load, in order; a source that is neither a folder nor a file is an error. */
    static List<Path> resolve(List<Path> sources) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (Path source : sources) {
            Path abs = source.toAbsolutePath().normalize();
            if (Files.isDirectory(abs)) {
                try (Stream<Path> s = Files.list(abs)) {
                    s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p))
                            .sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(abs)) {
                files.add(abs);
            } else {
                throw new IllegalArgumentException("no routes folder or file at " + abs);
            }
        }
        if (needsDelivery(files)) {
            files.add(nearestDelivery(files).orElseThrow(() -> new IllegalArgumentException(
                    "the routes hand instances to " + DELIVERY_ENDPOINT + " but no " + DELIVERY
                            + " was found beside them or in a parent folder: add --routes DIR/" + DELIVERY)));
        }
        return new ArrayList<>(files);
    }

    private static boolean needsDelivery(Set<Path> files) throws IOException {
        boolean uses = false;
        for (Path f : files) {
            if (f.getFileName().toString().equals(DELIVERY)) {
                return false;
            }
            uses |= USES_DELIVERY.matcher(Files.readString(f)).find();
        }
        return uses;
    }

    private static Optional<Path> nearestDelivery(Set<Path> files) {
        for (Path f : files) {
            for (Path dir = f.getParent(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(DELIVERY);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
