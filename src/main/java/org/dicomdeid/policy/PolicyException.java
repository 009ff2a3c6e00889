package org.dicomdeid.policy;

import java.util.OptionalInt;

/** A policy that cannot be used; the message names the file and the place in it (and its line, when known). */
public class PolicyException extends Exception {
    private final int line;

    public PolicyException(String message) {
        this(message, 0);
    }

    public PolicyException(String message, int line) {
        super(message);
        this.line = line;
    }

    /** The line of the policy file (from 1) where the problem is, when known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }
}
