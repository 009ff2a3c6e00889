package org.dicomdeid.camel;

/** Raised after a route has written the quarantine reason, so the consumer moves the input to quarantine. */
public class QuarantinedException extends Exception {
    public QuarantinedException(String message) {
        super(message);
    }
}
