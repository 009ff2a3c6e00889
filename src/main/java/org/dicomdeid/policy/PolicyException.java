package org.dicomdeid.policy;

/** A policy that cannot be used; the message names the file and the place in it. */
public class PolicyException extends Exception {
    public PolicyException(String message) {
        super(message);
    }
}
