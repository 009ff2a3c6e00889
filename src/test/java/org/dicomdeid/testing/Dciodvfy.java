package org.dicomdeid.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * dicom3tools' dciodvfy (IOD and value validation). Its error lines are normalised so that an
 * input and its de-identified output can be compared: values are removed (they are expected to
 * change), attribute and module names are kept. "No new errors" means
 * {@code newErrors(input, output)} is empty.
 */
public final class Dciodvfy {
    public static final String PROGRAM = "/usr/bin/dciodvfy";

    /** Replacements that strip values, applied in order. */
    private static final List<String[]> VALUE_PATTERNS = List.of(
            new String[] {" = <[^>]*>", " = <>"},
            new String[] {"value <[^>]*> for value", "value <> for value"},
            new String[] {"Illegal root for UID - \"[^\"]*\"", "Illegal root for UID - \"<>\""},
            new String[] {"(ReferencedSOPInstanceUID) \\S+$", "$1 <>"},
            new String[] {"(has same value as \\w+) <[^>]*>", "$1 <>"},
            new String[] {"\\s+", " "});

    private Dciodvfy() {
    }

    public static boolean isInstalled() {
        return ExternalTool.isInstalled(PROGRAM);
    }

    public static ExternalTool.Result run(Path file) {
        return ExternalTool.run(List.of(PROGRAM, file.toString()), Duration.ofSeconds(120));
    }

    /** The normalised "Error - ..." lines dciodvfy reports for {@code file}. */
    public static Set<String> errors(Path file) {
        Set<String> errors = new TreeSet<>();
        run(file).output().lines().filter(l -> l.startsWith("Error")).map(Dciodvfy::normalise).forEach(errors::add);
        return errors;
    }

    /** Errors the output has that its input did not have. */
    public static Set<String> newErrors(Path input, Path output) {
        Set<String> added = new TreeSet<>(errors(output));
        added.removeAll(errors(input));
        return added;
    }

    static String normalise(String line) {
        String s = line.trim();
        for (String[] p : VALUE_PATTERNS) {
            s = Pattern.compile(p[0]).matcher(s).replaceAll(p[1]);
        }
        return s;
    }
}
