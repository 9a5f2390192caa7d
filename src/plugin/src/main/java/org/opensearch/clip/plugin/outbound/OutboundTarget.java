package org.opensearch.clip.plugin.outbound;

import java.net.InetAddress;

/**
 * A URL the policy accepted: scheme, normalised host, port and request target, plus the address when the host is a
 * literal (no lookup is needed then).
 *
 * @param scheme {@code http} or {@code https}
 * @param host lower case, without a trailing dot or IPv6 brackets
 * @param port the URL's port or the scheme's default
 * @param requestTarget the path and query sent in the request line ({@code /} when the URL has no path)
 * @param literal the address written in the URL, or null when the host is a name
 */
public record OutboundTarget(String scheme, String host, int port, String requestTarget, InetAddress literal) {
    /** Whether the connection uses TLS. */
    public boolean https() {
        return "https".equals(scheme);
    }

    /** The value of the Host header: the host (bracketed for IPv6) and the port when it is not the scheme's default. */
    public String hostHeader() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == defaultPort(scheme) ? h : h + ":" + port;
    }

    /** The URL as messages show it (never with credentials). */
    public String display() {
        return scheme + "://" + hostHeader() + requestTarget;
    }

    static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }
}
