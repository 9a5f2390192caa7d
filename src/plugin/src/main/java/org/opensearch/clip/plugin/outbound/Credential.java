package org.opensearch.clip.plugin.outbound;

import java.net.URI;
import java.util.Locale;

/**
 * An {@code Authorization} header value bound to one origin (scheme, host and port): the client sends it to that
 * origin only, never to a host a redirect leads to. Its value never appears in a message or a log line.
 */
public final class Credential {
    private final String scheme;
    private final String host;
    private final int port;
    private final String authorization;

    private Credential(String scheme, String host, int port, String authorization) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.authorization = authorization;
    }

    /**
     * {@code Bearer <token>} for the origin of {@code endpoint}; null when the token is empty.
     *
     * @throws IllegalArgumentException for a token with characters a header cannot carry (control characters, spaces)
     */
    public static Credential bearer(String endpoint, String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the access token holds characters an HTTP header cannot carry");
        }
        URI uri = URI.create(endpoint);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Credential(scheme, uri.getHost().toLowerCase(Locale.ROOT), port, "Bearer " + token);
    }

    /** Whether a request to {@code target} may carry it: the same scheme, host and port as the origin it was given for. */
    public boolean appliesTo(OutboundTarget target) {
        return target.scheme().equalsIgnoreCase(scheme) && target.host().equalsIgnoreCase(host) && target.port() == port;
    }

    /** The header line for a request that {@link #appliesTo} allows. */
    String headerLine() {
        return "Authorization: " + authorization + "\r\n";
    }

    @Override
    public String toString() {
        return "Credential[" + scheme + "://" + host + ":" + port + "]";
    }
}
