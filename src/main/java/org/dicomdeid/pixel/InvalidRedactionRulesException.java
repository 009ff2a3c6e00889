package org.dicomdeid.pixel;

/**
 * A redaction rules file that cannot be used. The message names the file and the place in it
 * (e.g. {@code rules[2] "US banner": when.Modalty: unknown attribute keyword}) so an operator
 * can fix it without a debugger. Rules files are configuration, never patient data.
 */
public class InvalidRedactionRulesException extends IllegalArgumentException {
    public InvalidRedactionRulesException(String message) {
        super(message);
    }

    public InvalidRedactionRulesException(String message, Throwable cause) {
        super(message, cause);
    }
}
