package org.dicomdeid.crypto;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;

/**
 * One Bouncy Castle provider instance, passed explicitly to every builder: nothing is
 * registered globally, so the JVM's provider order stays as the host application set it.
 */
final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
