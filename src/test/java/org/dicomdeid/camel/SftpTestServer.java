package org.dicomdeid.camel;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A real SFTP server (Apache MINA SSHD) on 127.0.0.1 for route tests: its own generated host key,
 * one user ("deid") authorised only by a generated public key, files under {@link #root()}.
 * It can be stopped and started again on the same port, and reports the bytes written by
 * clients so a test can cut a transfer off in the middle.
 */
final class SftpTestServer implements AutoCloseable {
    static final String USER = "deid";

    private final Path root;
    private final KeyPair hostKey;
    private final KeyPair userKey;
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile LongConsumer onRead = total -> { };
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong logins = new AtomicLong();
    private final List<String> filesOpened = new CopyOnWriteArrayList<>();
    private volatile LongConsumer onWrite = total -> { };
    private SshServer server;
    private int port;

    SftpTestServer(Path root) throws GeneralSecurityException, IOException {
        this.root = Files.createDirectories(root);
        this.hostKey = newKeyPair();
        this.userKey = newKeyPair();
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** Starts on a free port the first time, on the same port after a {@link #stop()}. */
    synchronized void start() throws IOException {
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost("127.0.0.1");
        s.setPort(port);
        s.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        s.setPublickeyAuthenticator((user, key, session) ->
                USER.equals(user) && KeyUtils.compareKeys(key, userKey.getPublic()));
        s.setPasswordAuthenticator(null);
        s.setKeyboardInteractiveAuthenticator(null);
        s.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessions.incrementAndGet();
            }

            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated) {
                    logins.incrementAndGet();
                }
            }
        });
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void open(ServerSession session, String remoteHandle, Handle localHandle) {
                if (localHandle instanceof FileHandle) {
                    filesOpened.add(localHandle.getFile().getFileName().toString());
                }
            }

            @Override
            public void read(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                             byte[] data, int dataOffset, int dataLen, int readLen, Throwable thrown) {
                if (readLen > 0) {
                    onRead.accept(bytesRead.addAndGet(readLen));
                }
            }

            @Override
            public void written(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                                byte[] data, int dataOffset, int dataLen, Throwable thrown) {
                onWrite.accept(bytesWritten.addAndGet(dataLen));
            }
        });
        s.setSubsystemFactories(List.of(sftp));
        s.setFileSystemFactory(new VirtualFileSystemFactory(root));
        s.start();
        port = s.getPort();
        server = s;
    }

    /** Closes the listener and every session at once, as a crash or network cut would. */
    synchronized void stop() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    int port() {
        return port;
    }

    Path root() {
        return root;
    }

    /** SSH connections accepted (whether or not the client went on). */
    long sessions() {
        return sessions.get();
    }

    /** Sessions that authenticated. */
    long logins() {
        return logins.get();
    }

    /** Names of the files clients opened, in order (for reading or writing). */
    List<String> filesOpened() {
        return List.copyOf(filesOpened);
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    long bytesRead() {
        return bytesRead.get();
    }

    /** Called (on a server thread) with the running total after every read request. */
    void onRead(LongConsumer listener) {
        this.onRead = listener;
    }

    /** Called (on a server thread) with the running total after every write request. */
    void onWrite(LongConsumer listener) {
        this.onWrite = listener;
    }

    /**
     * The user's private key in OpenSSH's format (what ssh-keygen writes), unencrypted, mode 600,
     * as an operator would keep it.
     */
    Path writeUserKey(Path file) throws IOException, GeneralSecurityException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(userKey, "deid-test", null, out);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** A known_hosts file that trusts this server's host key for 127.0.0.1 on its port. */
    Path writeKnownHosts(Path file) throws IOException {
        return writeKnownHosts(file, hostKey);
    }

    /** A known_hosts file that names this server's address with another key: an impostor's view. */
    Path writeKnownHosts(Path file, KeyPair trustedKey) throws IOException {
        String line = "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(trustedKey.getPublic()) + "\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, line, StandardCharsets.US_ASCII);
        return file;
    }
}
