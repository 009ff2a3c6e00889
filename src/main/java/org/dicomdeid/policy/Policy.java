package org.dicomdeid.policy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything that decides what de-identification does, resolved and checked: the profile with
 * its options (as a {@link Rulebook}), private attributes, pseudonyms, tracking values, and the
 * certificates of whoever may re-identify. Build it with {@link PolicyLoader}.
 */
public final class Policy {
    private final Set<ProfileOption> options;
    private final Rulebook rules;
    private final PrivateAttributePolicy privateAttributes;
    private final PseudonymSettings pseudonyms;
    private final TrackingValues tracking;
    private final List<Path> recipients;
    private final Path pixelRules;
    private final boolean quarantineUnmatchedBurnedIn;
    private final String source;
    private final String cipher;
    private final UnlistedText unlistedText;
    private final boolean residualScan;
    private final List<InstanceFilter> filters;

    Policy(Set<ProfileOption> options, Rulebook rules, PrivateAttributePolicy privateAttributes,
           PseudonymSettings pseudonyms, TrackingValues tracking, List<Path> recipients,
           Path pixelRules, boolean quarantineUnmatchedBurnedIn, String source, String cipher,
           UnlistedText unlistedText, boolean residualScan, List<InstanceFilter> filters) {
        this.options = Collections.unmodifiableSet(options.isEmpty()
                ? EnumSet.noneOf(ProfileOption.class) : EnumSet.copyOf(options));
        this.rules = rules;
        this.privateAttributes = privateAttributes;
        this.pseudonyms = pseudonyms;
        this.tracking = tracking;
        this.recipients = List.copyOf(recipients);
        this.pixelRules = pixelRules;
        this.quarantineUnmatchedBurnedIn = quarantineUnmatchedBurnedIn;
        this.source = source;
        this.cipher = cipher == null ? "" : cipher.strip();
        this.unlistedText = unlistedText;
        this.residualScan = residualScan;
        this.filters = List.copyOf(filters);
    }

    /** The policy's {@code filters:}, in order: which instances are dropped or quarantined unread. */
    public List<InstanceFilter> filters() {
        return filters;
    }

    /** Free text in attributes no rule names: kept, cleaned (default) or removed. */
    public UnlistedText unlistedText() {
        return unlistedText;
    }

    /**
     * Whether every output is searched for the input's identifying values before it is released,
     * and quarantined on a hit (on unless the policy says {@code residualScan: off}).
     */
    public boolean residualScan() {
        return residualScan;
    }

    public Set<ProfileOption> options() {
        return options;
    }

    public boolean has(ProfileOption option) {
        return options.contains(option);
    }

    public Rulebook rules() {
        return rules;
    }

    public PrivateAttributePolicy privateAttributes() {
        return privateAttributes;
    }

    public PseudonymSettings pseudonyms() {
        return pseudonyms;
    }

    public TrackingValues tracking() {
        return tracking;
    }

    /** X.509 certificates (PEM) of the re-identification key holders; empty: no encryption. */
    public List<Path> recipients() {
        return recipients;
    }

    /**
     * The content cipher of the Encrypted Attributes Sequence as named ({@code cipher:} in the
     * policy, {@code --cipher} on the command line); empty: the default, AES-256-CBC. The crypto
     * layer reads and checks the name.
     */
    public String cipher() {
        return cipher;
    }

    /** This policy with another content cipher name (the command line's over the file's). */
    public Policy withCipher(String name) {
        return new Policy(options, rules, privateAttributes, pseudonyms, tracking, recipients, pixelRules,
                quarantineUnmatchedBurnedIn, source, name, unlistedText, residualScan, filters);
    }

    /** The pixel redaction rules file; null: the built-in starter set. */
    public Path pixelRules() {
        return pixelRules;
    }

    /**
     * With clean-pixel-data: whether an image that is known to carry burned-in text (or is of
     * a risky kind) but matches no redaction rule is quarantined (the default) or passed on.
     */
    public boolean quarantineUnmatchedBurnedIn() {
        return quarantineUnmatchedBurnedIn;
    }

    /** Where this policy came from ("built-in basic profile" or a file name), for messages. */
    public String source() {
        return source;
    }
}
