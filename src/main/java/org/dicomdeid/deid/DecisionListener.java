package org.dicomdeid.deid;

/**
 * Told of every decision the engine takes, as it takes it: each attribute (nested ones
 * included), the action, the rule that chose it and the value written. {@code deid explain}
 * listens; nothing listens while anonymising, and then tracing costs nothing (see {@link Trace}).
 * One attribute may be decided more than once (Patient's Name: the table's rule, then the
 * pseudonym): the last decision is the one that holds.
 */
@FunctionalInterface
public interface DecisionListener {
    void decided(Decision decision);
}
