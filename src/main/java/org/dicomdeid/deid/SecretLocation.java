package org.dicomdeid.deid;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the project secret comes from, in one order for every command and route, so that the
 * same input gives the same pseudonyms and UIDs wherever it is run from (never the current
 * folder by accident):
 * <ol>
 *   <li>an explicit file ({@code --secret-file}); giving it while {@value ProjectSecret#ENV} is
 *       also set is an error, since one of the two would be ignored;</li>
 *   <li>the environment variable {@value ProjectSecret#ENV} (hex);</li>
 *   <li>the file of the place in use: {@code <home>/keys/pseudonym.secret} for {@code deid run}
 *       and the routes, {@link #userDefault} for the file commands.</li>
 * </ol>
 * A file that does not exist is created (announced on stderr with its path).
 */
public final class SecretLocation {
    /** Base folder of a deid home for the file commands when no --home applies. */
    public static final String HOME_ENV = "DEID_HOME";
    private static final String IN_HOME = "keys/pseudonym.secret";

    private SecretLocation() {
    }

    /** {@code <home>/keys/pseudonym.secret}: the secret of a {@code deid run --home} folder. */
    public static Path inHome(Path home) {
        return home.resolve(IN_HOME);
    }

    /**
     * The file commands' default: {@code $DEID_HOME/keys/pseudonym.secret}, else
     * {@code $XDG_CONFIG_HOME/dicom-deid/pseudonym.secret} (XDG_CONFIG_HOME defaulting to
     * {@code ~/.config}).
     */
    public static Path userDefault() {
        return userDefault(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static Path userDefault(Map<String, String> env, Path userHome) {
        String deidHome = env.get(HOME_ENV);
        if (deidHome != null && !deidHome.isBlank()) {
            return inHome(Path.of(deidHome));
        }
        String config = env.get("XDG_CONFIG_HOME");
        Path base = config != null && !config.isBlank() ? Path.of(config) : userHome.resolve(".config");
        return base.resolve("dicom-deid").resolve("pseudonym.secret");
    }

    /**
     * The secret: {@code explicitFile} if not null, else {@value ProjectSecret#ENV}, else
     * {@code placeFile}. Errors (both explicit file and variable, a file readable by others,
     * a malformed secret) are IOExceptions whose message can be shown as it is.
     */
    public static ProjectSecret resolve(Path explicitFile, Path placeFile) throws IOException {
        return resolve(explicitFile, placeFile, System.getenv(), System.err);
    }

    /**
     * The secret for a route bean's {@code secretFile} property: {@value ProjectSecret#ENV} when
     * set, else that file; unset or blank, the user's default place ({@link #userDefault()}).
     */
    public static ProjectSecret forRouteSetting(String secretFile) throws IOException {
        return resolve(null, secretFile == null || secretFile.isBlank() ? userDefault() : Path.of(secretFile));
    }

    static ProjectSecret resolve(Path explicitFile, Path placeFile, Map<String, String> env, PrintStream notices)
            throws IOException {
        String hex = env.get(ProjectSecret.ENV);
        boolean inEnvironment = hex != null && !hex.isBlank();
        if (explicitFile != null && inEnvironment) {
            throw new IOException("both --secret-file and the environment variable " + ProjectSecret.ENV
                    + " give a project secret: use one, so that every run uses the same secret");
        }
        if (explicitFile != null) {
            return ProjectSecret.readOrCreate(explicitFile, notices);
        }
        if (inEnvironment) {
            return ProjectSecret.fromHex(hex, "environment variable " + ProjectSecret.ENV);
        }
        return ProjectSecret.readOrCreate(placeFile, notices);
    }
}
