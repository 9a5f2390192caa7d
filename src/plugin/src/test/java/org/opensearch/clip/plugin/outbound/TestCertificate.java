package org.opensearch.clip.plugin.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made at test time with the JDK's keytool (no private key is committed), for a local HTTPS
 * server, and the client contexts that do or do not trust it.
 */
final class TestCertificate {
    private static final char[] PASSWORD = "test-only".toCharArray();

    private final KeyStore keys;

    private TestCertificate(KeyStore keys) {
        this.keys = keys;
    }

    /** A new key pair and certificate for {@code subjectAltNames} (keytool form, e.g. {@code dns:images.test,ip:127.0.0.1}). */
    static TestCertificate create(Path directory, String subjectAltNames) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = directory.resolve("server-" + System.nanoTime() + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname",
            "secp256r1", "-dname", "CN=opensearch-clip test", "-ext", "san=" + subjectAltNames, "-validity", "2", "-keystore",
            store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        Files.delete(store);
        return new TestCertificate(keys);
    }

    /** The server's context: presents the certificate. */
    SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    /** A client context that trusts this certificate (and nothing else). */
    SSLContext trustingClientContext() throws GeneralSecurityException, IOException {
        Certificate certificate = keys.getCertificate("server");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
