package org.opensearch.clip.plugin.outbound;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 GET under the {@link OutboundPolicy}: the URL is checked, its host looked up once through the
 * {@link HostResolver}, every address checked, and the connection made to a checked address (so a second lookup cannot
 * point it elsewhere); TLS verifies the certificate against the URL's host name (SNI and HTTPS endpoint
 * identification). Redirects are checked the same way and counted; the connect, read and total timeouts and the byte
 * limit hold for the whole request; requests to one host run at most {@code clip.fetch.max_connections_per_host} at
 * once. Failures are {@link OutboundException}s that never carry the body of an answer.
 */
public final class OutboundClient {
    private static final String USER_AGENT = "opensearch-clip";

    private final Supplier<OutboundPolicy> policy;
    private final HostResolver resolver;
    private final SocketConnector connector;
    private final SSLContext tls;
    private final HostPermits permits = new HostPermits();

    /**
     * @param policy read at the start of each request, so that settings changes apply to the next one
     * @param tls the trust store and protocols of https connections
     */
    public OutboundClient(Supplier<OutboundPolicy> policy, HostResolver resolver, SocketConnector connector, SSLContext tls) {
        this.policy = policy;
        this.resolver = resolver;
        this.connector = connector;
        this.tls = tls;
    }

    /** The node's client: the JVM's resolver and trust store, privileged connections. */
    public static OutboundClient forNode(Supplier<OutboundPolicy> policy) {
        try {
            return new OutboundClient(policy, HostResolver.system(), SocketConnector.privileged(), SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /**
     * GETs {@code url}, following allowed redirects, and returns the 200 answer with its body still to read (close it).
     *
     * @throws OutboundException when the policy refuses the URL or a redirect, on any other status, a body over the
     *     limit (by Content-Length here, or later while reading), a timeout or a broken connection
     */
    public OutboundResponse get(String url, FetchLimits limits) throws OutboundException {
        return get(url, limits, null);
    }

    /**
     * Like {@link #get(String, FetchLimits)}, sending {@code credential} (may be null) on the requests to its own origin
     * only: a redirect to another host, port or scheme goes without it.
     */
    public OutboundResponse get(String url, FetchLimits limits, Credential credential) throws OutboundException {
        long deadline = System.nanoTime() + limits.totalTimeout().nanos();
        OutboundPolicy rules = policy.get();
        OutboundTarget target = rules.check(url);
        String original = target.display();
        for (int redirects = 0;; redirects++) {
            Exchange exchange = exchange(rules, target, limits, deadline, credential);
            ResponseHead head = exchange.head();
            int status = head.status();
            if (status == 200) {
                return exchange.response(limits);
            }
            exchange.close();
            String location = head.header("location");
            if (isRedirect(status) && location != null) {
                if (redirects >= rules.maxRedirects()) {
                    throw new OutboundException(OutboundException.Kind.REFUSED, original + ": refused: more than " + rules.maxRedirects()
                        + " redirects (clip.fetch.max_redirects)");
                }
                target = redirectTarget(rules, original, target, location, redirects + 1);
                continue;
            }
            String message = original + " answered " + status + (redirects == 0 ? "" : " (after " + redirects + " redirects)");
            throw new OutboundException(OutboundException.Kind.HTTP_STATUS, message,
                redirects == 0 ? message : message + " at " + target.display(), null);
        }
    }

    /** How many requests to {@code host} are running now (for tests and stats). */
    public int inFlight(String host) {
        return permits.inUse(host.toLowerCase(Locale.ROOT));
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static OutboundTarget redirectTarget(OutboundPolicy rules, String original, OutboundTarget from, String location, int hop)
        throws OutboundException {
        String next;
        try {
            next = URI.create(from.display()).resolve(location.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw new OutboundException(OutboundException.Kind.PROTOCOL, original + ": redirect " + hop + " has an invalid Location",
                original + ": redirect " + hop + " has an invalid Location: " + SafeUrl.display(location), e);
        }
        try {
            return rules.check(next);
        } catch (OutboundException e) {
            String why = e.getMessage().substring(e.getMessage().indexOf(": refused: ") + ": refused: ".length());
            throw new OutboundException(OutboundException.Kind.REFUSED, original + ": refused: redirect " + hop + " goes to a destination "
                + "the policy refuses: " + why, original + ": redirect " + hop + " refused: " + e.getMessage(), null);
        }
    }

    /** One request and its response head, holding the connection and the host's slot until closed. */
    private record Exchange(OutboundTarget target, Socket socket, InputStream in, ResponseHead head, Runnable release) {
        OutboundResponse response(FetchLimits limits) throws OutboundException {
            String shown = target.display();
            try {
                long declared = declaredLength(head, shown);
                if (declared > limits.maxBytes()) {
                    throw CappedBody.tooLarge(shown, limits);
                }
                InputStream body = framed(head, in, declared, shown);
                return new OutboundResponse(shown, head.header("content-type"), declared, new CappedBody(body, limits, shown), release);
            } catch (OutboundException e) {
                close();
                throw e;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a connection we are done with
            } finally {
                release.run();
            }
        }
    }

    private Exchange exchange(OutboundPolicy rules, OutboundTarget target, FetchLimits limits, long deadline, Credential credential)
        throws OutboundException {
        String shown = target.display();
        Runnable release = permits.acquire(target.host(), rules.maxConnectionsPerHost(), deadline, shown);
        Socket socket = null;
        try {
            List<InetAddress> addresses = addresses(target, shown);
            for (InetAddress address : addresses) {
                rules.checkAddress(target, address);
            }
            socket = connect(target, addresses, limits, deadline, shown);
            DeadlineInput input = new DeadlineInput(socket, limits.readTimeout().millis(), deadline, shown, limits.totalTimeout().toString());
            if (target.https()) {
                socket = handshake(socket, target, limits, input, shown);
                input = new DeadlineInput(socket, limits.readTimeout().millis(), deadline, shown, limits.totalTimeout().toString());
            }
            writeRequest(socket, target, credential != null && credential.appliesTo(target) ? credential.headerLine() : "");
            InputStream in = new BufferedInputStream(input, 1 << 16);
            ResponseHead head = ResponseHead.read(in, shown);
            return new Exchange(target, socket, in, head, release);
        } catch (OutboundException e) {
            closeQuietly(socket);
            release.run();
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            release.run();
            throw new OutboundException(OutboundException.Kind.PROTOCOL, shown + ": the request failed (see the node log)",
                shown + ": the request failed: " + e, e);
        }
    }

    private List<InetAddress> addresses(OutboundTarget target, String shown) throws OutboundException {
        if (target.literal() != null) {
            return List.of(target.literal());
        }
        try {
            List<InetAddress> found = resolver.resolve(target.host());
            if (found.isEmpty()) {
                throw new UnknownHostException(target.host());
            }
            return found;
        } catch (UnknownHostException e) {
            throw new OutboundException(OutboundException.Kind.UNREACHABLE, shown + ": the host " + target.host() + " does not resolve",
                shown + ": the host does not resolve: " + e, e);
        }
    }

    private Socket connect(OutboundTarget target, List<InetAddress> addresses, FetchLimits limits, long deadline, String shown)
        throws OutboundException {
        List<String> failures = new ArrayList<>();
        for (InetAddress address : addresses) {
            long remaining = (deadline - System.nanoTime()) / 1_000_000;
            if (remaining <= 0) {
                break;
            }
            int timeout = (int) Math.max(1, Math.min(limits.connectTimeout().millis(), remaining));
            try {
                return connector.connect(new InetSocketAddress(address, target.port()), timeout);
            } catch (SocketTimeoutException e) {
                failures.add(address.getHostAddress() + ": no answer within " + timeout + "ms");
            } catch (IOException | RuntimeException e) {
                failures.add(address.getHostAddress() + ": " + e);
            }
        }
        // one message for a closed port, a filtered one and a timeout alike: the answer must not map networks
        throw new OutboundException(OutboundException.Kind.UNREACHABLE, shown + ": no connection could be made (see the node log)",
            shown + ": no connection could be made: " + (failures.isEmpty() ? "the total timeout ran out" : String.join("; ", failures)), null);
    }

    private Socket handshake(Socket plain, OutboundTarget target, FetchLimits limits, DeadlineInput timing, String shown) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, target.host(), target.port(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (target.literal() == null) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(target.host())));
            } catch (IllegalArgumentException e) {
                // a name SNI cannot carry (e.g. with '_'): the certificate is still checked against it
            }
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout((int) Math.max(1, Math.min(limits.readTimeout().millis(), timing.remainingMillis())));
        try {
            socket.startHandshake();
            return socket;
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new OutboundException(OutboundException.Kind.TIMEOUT, shown + ": timed out during the TLS handshake");
        } catch (SSLException e) {
            socket.close();
            throw new OutboundException(OutboundException.Kind.TLS, shown + ": the TLS handshake failed: the server's certificate is not "
                + "trusted, not valid for " + target.host() + ", or no protocol was agreed (see the node log)",
                shown + ": the TLS handshake failed: " + e, e);
        }
    }

    private static void writeRequest(Socket socket, OutboundTarget target, String authorization) throws IOException {
        String request = "GET " + target.requestTarget() + " HTTP/1.1\r\n"
            + "Host: " + target.hostHeader() + "\r\n"
            + authorization
            + "User-Agent: " + USER_AGENT + "\r\n"
            + "Accept: */*\r\n"
            + "Accept-Encoding: identity\r\n"
            + "Connection: close\r\n"
            + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static long declaredLength(ResponseHead head, String shown) throws OutboundException {
        String value = head.header("content-length");
        if (value == null || head.header("transfer-encoding") != null) {
            return -1;
        }
        if (!value.matches("[0-9]{1,18}")) {
            throw ResponseHead.malformed(shown, "its Content-Length is not a number");
        }
        return Long.parseLong(value);
    }

    private static InputStream framed(ResponseHead head, InputStream in, long declared, String shown) throws OutboundException {
        String encoding = head.header("transfer-encoding");
        if (encoding != null) {
            if (!encoding.trim().equalsIgnoreCase("chunked")) {
                throw ResponseHead.malformed(shown, "its Transfer-Encoding is not chunked");
            }
            return new ChunkedBody(in, shown);
        }
        return declared >= 0 ? new LengthBody(in, declared, shown) : in;
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing more to do for a connection that failed
            }
        }
    }
}
