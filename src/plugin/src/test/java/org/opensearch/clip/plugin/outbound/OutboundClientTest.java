package org.opensearch.clip.plugin.outbound;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.common.unit.TimeValue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound client against servers on 127.0.0.1 (allowed by an explicit {@code 127.0.0.1/32} policy entry):
 * answers, redirects, timeouts, byte limits, TLS and the per-host bound, each failure with a message that names the
 * problem and never what the server sent.
 */
class OutboundClientTest {
    private static final byte[] BODY = "the body of a small answer".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path work;
    private final List<AutoCloseable> servers = new ArrayList<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private final List<InetSocketAddress> connections = new CopyOnWriteArrayList<>();
    private OutboundPolicy policy = Policies.allowingLoopback();
    private FetchLimits limits = limits(1 << 20, 1000, 1000, 3000);

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    private static FetchLimits limits(long maxBytes, long connectMillis, long readMillis, long totalMillis) {
        return new FetchLimits(maxBytes, "clip.image.max_bytes", TimeValue.timeValueMillis(connectMillis), TimeValue.timeValueMillis(readMillis),
            TimeValue.timeValueMillis(totalMillis));
    }

    private LocalHttpServer http() {
        LocalHttpServer server = LocalHttpServer.http();
        servers.add(server);
        return server;
    }

    private RawHttpServer raw(RawHttpServer.Answer answer) {
        RawHttpServer server = new RawHttpServer(answer);
        servers.add(server);
        return server;
    }

    private OutboundClient client() {
        return client(null);
    }

    /** A client whose resolver maps every name to 127.0.0.1 (and records the lookups), and which records its connections. */
    private OutboundClient client(SSLContext tls) {
        HostResolver resolver = host -> {
            lookups.add(host);
            return List.of(InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 1 }));
        };
        SocketConnector privileged = SocketConnector.privileged();
        SocketConnector recording = (address, timeout) -> {
            connections.add(address);
            return privileged.connect(address, timeout);
        };
        return new OutboundClient(() -> policy, resolver, recording, tls);
    }

    private byte[] fetch(OutboundClient client, String url) throws IOException {
        try (OutboundResponse response = client.get(url, limits)) {
            return response.body().readAllBytes();
        }
    }

    private OutboundException failure(OutboundClient client, String url) {
        return assertThrows(OutboundException.class, () -> fetch(client, url));
    }

    @Test
    void getsABodyWithItsContentTypeAndLength() throws IOException {
        List<String> hostHeaders = new CopyOnWriteArrayList<>();
        LocalHttpServer server = http().on("/cat.jpg", exchange -> {
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestHeaders().getFirst("User-Agent"));
            LocalHttpServer.send(exchange, 200, "image/jpeg", BODY);
        });
        try (OutboundResponse response = client().get(server.url("/cat.jpg"), limits)) {
            assertEquals("image/jpeg", response.contentType());
            assertEquals(BODY.length, response.declaredLength());
            assertEquals(server.url("/cat.jpg"), response.url());
            assertArrayEquals(BODY, response.body().readAllBytes());
        }
        assertEquals(List.of("127.0.0.1:" + server.port() + " opensearch-clip"), hostHeaders);
        assertEquals(0, client().inFlight("127.0.0.1"), "the connection slot is given back on close");
    }

    @Test
    void decodesChunkedBodies() throws IOException {
        LocalHttpServer server = http().on("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(BODY);
                    out.flush();
                }
            }
        });
        byte[] body = fetch(client(), server.url("/chunked"));
        assertEquals(100 * BODY.length, body.length);
    }

    @Test
    void followsAllowedRedirectsCheckingEachHop() throws IOException {
        LocalHttpServer server = http().serve("/real.jpg", "image/jpeg", BODY);
        server.redirect("/moved.jpg", "/real.jpg").redirect("/old.jpg", server.url("/moved.jpg"));
        assertArrayEquals(BODY, fetch(client(), server.url("/old.jpg")));
        assertEquals(3, server.requests.get());
    }

    @Test
    void aRedirectToARefusedAddressIsRefusedWithoutConnectingThere() {
        LocalHttpServer server = http().redirect("/go", "http://10.0.0.1/secret").redirect("/meta", "http://169.254.169.254/latest/meta-data/");
        OutboundException e = failure(client(), server.url("/go"));
        assertEquals(OutboundException.Kind.REFUSED, e.kind());
        assertEquals(server.url("/go") + ": refused: redirect 1 goes to a destination the policy refuses: 10.0.0.1 is a private address; "
            + "allow it with clip.fetch.allowed_cidrs", e.getMessage());
        assertFalse(e.getMessage().contains("/secret"), "the Location is not repeated");
        assertTrue(e.logDetail().contains("http://10.0.0.1/secret"), "the node log has it");
        assertTrue(failure(client(), server.url("/meta")).getMessage().contains("169.254.169.254 is the cloud metadata address"));
        assertTrue(connections.stream().allMatch(a -> a.getPort() == server.port()), "only the allowed server was connected to: " + connections);
    }

    @Test
    void aRedirectToAnotherPortIsRefusedWhenOnlyTheServersPortIsAllowed() {
        LocalHttpServer server = http();
        policy = new OutboundPolicy(List.of("*"), List.of("127.0.0.1/32"), List.of(String.valueOf(server.port())), 3, 4);
        server.redirect("/x", "http://127.0.0.1:9200/_cat/indices");
        OutboundException e = failure(client(), server.url("/x"));
        assertTrue(e.getMessage().endsWith("refused: redirect 1 goes to a destination the policy refuses: port 9200 is not in "
            + "clip.fetch.allowed_ports [" + server.port() + "]"), e.getMessage());
    }

    @Test
    void tooManyRedirectsAreRefused() {
        LocalHttpServer server = http().redirect("/loop", "/loop");
        OutboundException e = failure(client(), server.url("/loop"));
        assertEquals(server.url("/loop") + ": refused: more than 3 redirects (clip.fetch.max_redirects)", e.getMessage());
        assertEquals(4, server.requests.get());
        policy = Policies.allowingLoopback(0, 4);
        assertTrue(failure(client(), server.url("/loop")).getMessage().endsWith("more than 0 redirects (clip.fetch.max_redirects)"));
    }

    @Test
    void errorStatusesAreNamedAndTheirBodiesNeverRead() {
        byte[] secret = "{\"indices\": [\"payroll\"]}".getBytes(StandardCharsets.UTF_8);
        LocalHttpServer server = http().on("/missing", exchange -> LocalHttpServer.send(exchange, 404, "application/json", secret))
            .on("/broken", exchange -> LocalHttpServer.send(exchange, 500, "text/plain", secret));
        OutboundException missing = failure(client(), server.url("/missing"));
        assertEquals(OutboundException.Kind.HTTP_STATUS, missing.kind());
        assertEquals(server.url("/missing") + " answered 404", missing.getMessage());
        assertEquals(server.url("/broken") + " answered 500", failure(client(), server.url("/broken")).getMessage());
        server.redirect("/gone", "/missing");
        assertEquals(server.url("/gone") + " answered 404 (after 1 redirects)", failure(client(), server.url("/gone")).getMessage());
    }

    @Test
    void aSilentServerRunsIntoTheReadTimeout() {
        limits = limits(1 << 20, 1000, 200, 5000);
        LocalHttpServer server = http().on("/slow-body", exchange -> {
            exchange.sendResponseHeaders(200, BODY.length);
            sleep(2000);
        }).on("/slow-head", exchange -> sleep(2000));
        long start = System.nanoTime();
        OutboundException body = failure(client(), server.url("/slow-body"));
        assertEquals(OutboundException.Kind.TIMEOUT, body.kind());
        assertEquals(server.url("/slow-body") + ": timed out: nothing received for 200ms (the read timeout)", body.getMessage());
        assertEquals(server.url("/slow-head") + ": timed out: nothing received for 200ms (the read timeout)",
            failure(client(), server.url("/slow-head")).getMessage());
        assertTrue(System.nanoTime() - start < 1_500_000_000L, "both gave up after about 200 ms");
    }

    @Test
    void aServerDrippingBytesRunsIntoTheTotalTimeout() {
        limits = limits(1 << 20, 1000, 1000, 300);
        RawHttpServer server = raw(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 200; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(20);
            }
        });
        long start = System.nanoTime();
        OutboundException e = failure(client(), server.url("/drip"));
        assertEquals(OutboundException.Kind.TIMEOUT, e.kind());
        assertEquals(server.url("/drip") + ": timed out: the request took longer than the total timeout of 300ms", e.getMessage());
        assertTrue(System.nanoTime() - start < 1_500_000_000L);
    }

    @Test
    void aConnectTimeoutAndAClosedPortLookTheSame() throws IOException {
        limits = limits(1 << 20, 200, 1000, 3000);
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        OutboundException closed = failure(client(), "http://127.0.0.1:" + closedPort + "/x");
        // a connector that times out as a filtered port does (the test stays on 127.0.0.1 and fast)
        OutboundClient filtered = new OutboundClient(() -> policy, HostResolver.system(), (address, timeout) -> {
            assertEquals(200, timeout, "the connect timeout is passed on");
            throw new java.net.SocketTimeoutException("Connect timed out");
        }, null);
        OutboundException timedOut = assertThrows(OutboundException.class, () -> filtered.get("http://127.0.0.1:" + closedPort + "/x", limits));
        assertEquals(closed.getMessage(), timedOut.getMessage(), "the message does not tell open, closed and filtered ports apart");
        assertEquals(closed.kind(), timedOut.kind());
        assertEquals("http://127.0.0.1:" + closedPort + "/x: no connection could be made (see the node log)", closed.getMessage());
        assertTrue(closed.logDetail().contains("Connection refused"), closed.logDetail());
        assertTrue(timedOut.logDetail().contains("no answer within 200ms"), timedOut.logDetail());
    }

    @Test
    void aBodyOverTheLimitIsRefusedByItsLengthOrWhileStreaming() throws IOException {
        limits = limits(1024, 1000, 1000, 3000);
        byte[] big = new byte[4096];
        LocalHttpServer server = http().serve("/declared", "image/png", big).on("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(big);
            }
        }).serve("/exact", "image/png", new byte[1024]);
        OutboundException declared = failure(client(), server.url("/declared"));
        assertEquals(OutboundException.Kind.TOO_LARGE, declared.kind());
        assertEquals(server.url("/declared") + " is larger than the limit of 1kb (clip.image.max_bytes)", declared.getMessage());
        assertEquals(server.url("/chunked") + " is larger than the limit of 1kb (clip.image.max_bytes)",
            failure(client(), server.url("/chunked")).getMessage());
        assertEquals(1024, fetch(client(), server.url("/exact")).length, "a body of exactly the limit is accepted");
    }

    @Test
    void aContentLengthIsNotTrusted() throws IOException {
        limits = limits(1024, 1000, 1000, 3000);
        byte[] flood = new byte[100_000];
        RawHttpServer understated = raw(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(flood);
        });
        assertEquals(10, fetch(client(), understated.url("/x")).length, "only the declared bytes are read");
        RawHttpServer unframed = raw(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(flood);
        });
        assertEquals(OutboundException.Kind.TOO_LARGE, failure(client(), unframed.url("/x")).kind());
        RawHttpServer truncated = raw(out -> out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(truncated.url("/x") + ": the connection ended before the end of the body", failure(client(), truncated.url("/x")).getMessage());
        RawHttpServer twoLengths = raw(out -> out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 500000\r\n\r\nhello"
            .getBytes(StandardCharsets.US_ASCII)));
        assertEquals(twoLengths.url("/x") + ": the answer is not valid HTTP: it has two different Content-Length headers",
            failure(client(), twoLengths.url("/x")).getMessage());
        RawHttpServer garbage = raw(out -> out.write("SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(garbage.url("/x") + ": the answer is not valid HTTP: its status line is not HTTP/1.x",
            failure(client(), garbage.url("/x")).getMessage());
    }

    @Test
    void theHostIsLookedUpOnceAndTheCheckedAddressIsTheOneConnectedTo() throws IOException {
        LocalHttpServer server = http().serve("/x.jpg", "image/jpeg", BODY);
        AtomicInteger calls = new AtomicInteger();
        HostResolver rebinding = host -> {
            // the first answer passes the policy; a second lookup would get the metadata address
            byte[] address = calls.getAndIncrement() == 0 ? new byte[] { 127, 0, 0, 1 } : new byte[] { (byte) 169, (byte) 254, (byte) 169, (byte) 254 };
            return List.of(InetAddress.getByAddress(host, address));
        };
        List<InetSocketAddress> connected = new CopyOnWriteArrayList<>();
        OutboundClient client = new OutboundClient(() -> policy, rebinding, (address, timeout) -> {
            connected.add(address);
            assertFalse(address.isUnresolved(), "connects to an address, never to a name");
            return SocketConnector.privileged().connect(address, timeout);
        }, null);
        assertArrayEquals(BODY, fetch(client, "http://images.test:" + server.port() + "/x.jpg"));
        assertEquals(1, calls.get());
        assertEquals(List.of(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), server.port())), connected);
    }

    @Test
    void tlsVerifiesTheCertificateAgainstTheUrlsHostName() throws Exception {
        TestCertificate certificate = TestCertificate.create(work, "dns:images.test");
        LocalHttpServer server = LocalHttpServer.https(certificate.serverContext()).serve("/x.jpg", "image/jpeg", BODY);
        servers.add(server);
        String byName = "https://images.test:" + server.port() + "/x.jpg";

        assertArrayEquals(BODY, fetch(client(certificate.trustingClientContext()), byName), "trusted, and for that name");
        assertEquals(List.of("images.test"), lookups);

        OutboundException untrusted = failure(client(SSLContext.getDefault()), byName);
        assertEquals(OutboundException.Kind.TLS, untrusted.kind());
        assertEquals(byName + ": the TLS handshake failed: the server's certificate is not trusted, not valid for images.test, or no "
            + "protocol was agreed (see the node log)", untrusted.getMessage());
        assertTrue(untrusted.logDetail().contains("PKIX"), untrusted.logDetail());

        OutboundException wrongName = failure(client(certificate.trustingClientContext()), server.url("/x.jpg"));
        assertEquals(OutboundException.Kind.TLS, wrongName.kind(), "a trusted certificate for another name (not 127.0.0.1) is refused");
    }

    @Test
    void requestsToOneHostAreBounded() throws Exception {
        policy = Policies.allowingLoopback(3, 2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        LocalHttpServer server = http().on("/slow.jpg", exchange -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(150);
            running.decrementAndGet();
            LocalHttpServer.send(exchange, 200, "image/jpeg", BODY);
        });
        OutboundClient client = client();
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(callers.submit(() -> fetch(client, server.url("/slow.jpg"))));
            }
            for (Future<byte[]> result : results) {
                assertArrayEquals(BODY, result.get());
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(2, most.get(), "at most clip.fetch.max_connections_per_host requests ran at once");
        assertEquals(0, client.inFlight("127.0.0.1"));

        policy = Policies.allowingLoopback(3, 1);
        server.on("/slower.jpg", exchange -> {
            sleep(800);
            LocalHttpServer.send(exchange, 200, "image/jpeg", BODY);
        });
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<byte[]> first = holder.submit(() -> fetch(client, server.url("/slower.jpg")));
            while (client.inFlight("127.0.0.1") == 0) {
                Thread.sleep(5);
            }
            limits = limits(1 << 20, 1000, 1000, 200);
            OutboundException waited = failure(client, server.url("/slow.jpg"));
            assertEquals(server.url("/slow.jpg") + ": timed out waiting for one of the 1 connections to 127.0.0.1 "
                + "(clip.fetch.max_connections_per_host)", waited.getMessage());
            assertArrayEquals(BODY, first.get());
        } finally {
            holder.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
