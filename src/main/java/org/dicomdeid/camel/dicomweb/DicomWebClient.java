package org.dicomdeid.camel.dicomweb;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The HTTP side of a dicomweb endpoint: one {@link HttpClient} (connect timeout, optional trust
 * store), requests under the base URL with the response timeout and, when configured, HTTP Basic
 * credentials sent with every request (the password from a mode-600 file or an environment
 * variable, never from the URI, so it appears in no log or route dump). A failure to reach the
 * server becomes a {@link DicomWebTransientException}. With a body watch (the consumer's), a
 * response body that stalls for the read timeout fails too ({@link IdleTimeoutInputStream}).
 */
final class DicomWebClient {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final String base;
    private final HttpClient http;
    private final Duration readTimeout;
    private final String authorization;
    private final ScheduledExecutorService bodyWatch;

    private DicomWebClient(String base, HttpClient http, Duration readTimeout, String authorization,
                           ScheduledExecutorService bodyWatch) {
        this.base = base;
        this.http = http;
        this.readTimeout = readTimeout;
        this.authorization = authorization;
        this.bodyWatch = bodyWatch;
    }

    static DicomWebClient create(DicomWebEndpoint ep) throws IOException {
        return create(ep, null);
    }

    /** A client whose streamed response bodies are watched by {@code bodyWatch}'s thread (null: not watched). */
    static DicomWebClient create(DicomWebEndpoint ep, ScheduledExecutorService bodyWatch) throws IOException {
        URI uri = baseUri(ep.getBaseUrl());
        String authorization = null;
        if (ep.getUsername() != null && !ep.getUsername().isBlank()) {
            if (uri.getScheme().equals("http") && !isLoopback(uri.getHost())) {
                throw new IllegalArgumentException("dicomweb: credentials would travel in clear over http to another"
                        + " machine; use https");
            }
            String password = password(ep.getPasswordFile(), ep.getPasswordEnv());
            authorization = "Basic " + Base64.getEncoder().encodeToString(
                    (ep.getUsername() + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(ep.getConnectTimeout()))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ep.getTrustStore() != null && !ep.getTrustStore().isBlank()) {
            builder.sslContext(sslContext(Path.of(ep.getTrustStore())));
        }
        String base = uri.toString().replaceAll("/+$", "");
        return new DicomWebClient(base, builder.build(), Duration.ofMillis(ep.getReadTimeout()), authorization,
                bodyWatch);
    }

    /** The base URL, checked: http or https, a host, no query, no credentials in it. */
    static URI baseUri(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("dicomweb: the base URL is required (dicomweb:https://host/dicom-web)");
        }
        URI uri = URI.create(baseUrl.strip());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("dicomweb: the base URL must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("dicomweb: the base URL needs a host and no query or fragment");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("dicomweb: no credentials in the base URL; use username and"
                    + " passwordFile or passwordEnv");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** The password: the first line of a file only its owner can read, or an environment variable. */
    static String password(String passwordFile, String passwordEnv) throws IOException {
        boolean file = passwordFile != null && !passwordFile.isBlank();
        boolean env = passwordEnv != null && !passwordEnv.isBlank();
        if (file == env) {
            throw new IllegalArgumentException("dicomweb: with a username, give exactly one of passwordFile and passwordEnv");
        }
        if (env) {
            String value = System.getenv(passwordEnv.strip());
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("dicomweb: the environment variable " + passwordEnv.strip() + " is not set");
            }
            return value;
        }
        Path path = Path.of(passwordFile.strip());
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new IllegalArgumentException("dicomweb: the password file " + path + " can be read by others: chmod 600 it");
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
        return Files.readAllLines(path, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
    }

    /** Trusts the certificates of a PEM file, or of a PKCS#12 / JKS trust store (read without password). */
    private static SSLContext sslContext(Path trustStore) throws IOException {
        try {
            KeyStore store;
            byte[] head;
            try (InputStream in = Files.newInputStream(trustStore)) {
                head = in.readNBytes(11);
            }
            if (new String(head, StandardCharsets.US_ASCII).startsWith("-----BEGIN")) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                try (InputStream in = Files.newInputStream(trustStore)) {
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + i++, c);
                    }
                }
            } else {
                store = KeyStore.getInstance(trustStore.toFile(), (char[]) null);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("dicomweb: cannot use the trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /** A request for {@code pathAndQuery} under the base URL (it starts with '/'), with timeout and credentials. */
    HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(readTimeout);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    /** Sends; a server that cannot be reached or does not answer in time is a transient failure. */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during " + what);
        } catch (IOException e) {
            throw new DicomWebTransientException(what + " failed: the server could not be reached or did not answer ("
                    + e.getClass().getSimpleName() + ")", DicomWebException.NO_STATUS, e);
        }
    }

    /** A response whose body is read as a stream: close it. */
    record Streamed(int status, HttpHeaders headers, InputStream body) implements Closeable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * Sends and streams the response body; with a body watch, a read that waits longer than the read
     * timeout for the next byte fails with a {@link DicomWebTransientException}.
     */
    Streamed stream(HttpRequest request, String what) throws IOException {
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), what);
        InputStream body = bodyWatch == null ? response.body()
                : new IdleTimeoutInputStream(response.body(), readTimeout, what, bodyWatch);
        return new Streamed(response.statusCode(), response.headers(), body);
    }

    String base() {
        return base;
    }
}
