package org.opensearch.clip.plugin.outbound;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which URLs the node may fetch (image URLs and model downloads alike). A URL must be http or https, carry no
 * credentials, name its host as a DNS name, a dotted-quad IPv4 or an IPv6 literal (other numeric forms such as
 * {@code 2130706433} or {@code 0x7f.1} are refused as ambiguous), match {@code clip.fetch.allowed_hosts} and use a port
 * of {@code clip.fetch.allowed_ports}. Every address the host resolves to (and every redirect's) must then be public,
 * or inside {@code clip.fetch.allowed_cidrs}. Immutable; {@link OutboundSettings} makes a new one when settings change.
 */
public final class OutboundPolicy {
    private static final int MAX_URL_LENGTH = 8192;

    private final List<String> allowedHosts;
    private final List<AddressRange> allowedRanges;
    private final Set<Integer> allowedPorts;
    private final boolean anyPort;
    private final int maxRedirects;
    private final int maxConnectionsPerHost;

    /**
     * @param allowedHosts {@code *} (any host), {@code name} (exactly that host) or {@code *.name} (its subdomains)
     * @param allowedCidrs address blocks allowed even though they are not public, e.g. {@code 10.1.0.0/16}
     * @param allowedPorts port numbers, or {@code *} for any
     * @param maxRedirects how many redirects one request follows
     * @param maxConnectionsPerHost how many requests to one host run at once (the others wait)
     * @throws IllegalArgumentException for an entry that is not of these forms
     */
    public OutboundPolicy(List<String> allowedHosts, List<String> allowedCidrs, List<String> allowedPorts, int maxRedirects,
        int maxConnectionsPerHost) {
        this.allowedHosts = allowedHosts.stream().map(OutboundPolicy::hostPattern).toList();
        this.allowedRanges = allowedCidrs.stream().map(AddressRange::parse).toList();
        Set<Integer> ports = new HashSet<>();
        boolean any = false;
        for (String port : allowedPorts) {
            if ("*".equals(port.trim())) {
                any = true;
            } else {
                ports.add(port(port));
            }
        }
        this.allowedPorts = Set.copyOf(ports);
        this.anyPort = any;
        this.maxRedirects = maxRedirects;
        this.maxConnectionsPerHost = maxConnectionsPerHost;
    }

    /** How many redirects one request follows. */
    public int maxRedirects() {
        return maxRedirects;
    }

    /** How many requests to one host may run at once. */
    public int maxConnectionsPerHost() {
        return maxConnectionsPerHost;
    }

    /**
     * Checks everything about {@code url} that needs no lookup: scheme, credentials, host form, allowed hosts, for a
     * literal address the address itself, and the port.
     *
     * @throws OutboundException of kind {@link OutboundException.Kind#REFUSED}, whose message never repeats credentials
     */
    public OutboundTarget check(String url) throws OutboundException {
        String shown = SafeUrl.display(url);
        if (url == null || url.length() > MAX_URL_LENGTH) {
            throw refused(shown, "not a URL of at most " + MAX_URL_LENGTH + " characters");
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw refused(shown, "not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(shown, "only http and https URLs are fetched");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw refused(shown, "the URL has no host");
        }
        if (authority.indexOf('@') >= 0) {
            throw refused(shown, "the URL carries credentials (user:password@host); they are never sent, remove them");
        }
        String host;
        String portText;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw refused(shown, "not a valid URL");
            }
            host = authority.substring(1, close);
            portText = authority.substring(close + 1);
            if (!portText.isEmpty() && !portText.startsWith(":")) {
                throw refused(shown, "not a valid URL");
            }
            portText = portText.isEmpty() ? "" : portText.substring(1);
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? "" : authority.substring(colon + 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        InetAddress literal = AddressLiterals.parse(host);
        if (literal == null) {
            if (AddressLiterals.isAmbiguousNumeric(host)) {
                throw refused(shown, "the host " + host + " is a numeric address in a non-standard form (decimal, octal, hex or "
                    + "fewer than four parts); write it as four decimal numbers, e.g. 192.0.2.1");
            }
            if (!host.matches("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")) {
                throw refused(shown, "the host is not a DNS name or an IP address (write international names in their xn-- form)");
            }
        } else if (host.indexOf(':') >= 0) {
            host = literal.getHostAddress();
        }
        int port = urlPort(scheme, portText, shown);
        if (!hostAllowed(host)) {
            throw refused(shown, "the host " + host + " is not in clip.fetch.allowed_hosts " + allowedHosts);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestTarget = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        OutboundTarget target = new OutboundTarget(scheme, host, port, requestTarget, literal);
        if (literal != null) {
            checkAddress(target, literal);
        }
        if (!anyPort && !allowedPorts.contains(port)) {
            throw refused(shown, "port " + port + " is not in clip.fetch.allowed_ports " + new java.util.TreeSet<>(allowedPorts));
        }
        return target;
    }

    /**
     * Checks one address {@code target}'s host resolved to (or its literal): public, or inside an allowed block.
     *
     * @throws OutboundException of kind {@link OutboundException.Kind#REFUSED} naming the kind of address
     */
    public void checkAddress(OutboundTarget target, InetAddress address) throws OutboundException {
        InetAddress embedded = SpecialAddresses.embeddedIpv4(address);
        for (AddressRange range : allowedRanges) {
            if (range.contains(address) || (embedded != null && range.contains(embedded))) {
                return;
            }
        }
        String kind = SpecialAddresses.describe(address);
        if (kind == null) {
            return;
        }
        String what = target.literal() != null ? address.getHostAddress() + " is " + kind
            : "the host resolves to " + kind + " (" + address.getHostAddress() + ")";
        throw refused(target.display(), what + "; allow it with clip.fetch.allowed_cidrs");
    }

    private boolean hostAllowed(String host) {
        for (String pattern : allowedHosts) {
            if (pattern.equals("*") || pattern.equals(host) || (pattern.startsWith("*.") && host.endsWith(pattern.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    private static OutboundException refused(String shownUrl, String why) {
        return new OutboundException(OutboundException.Kind.REFUSED, shownUrl + ": refused: " + why);
    }

    static String hostPattern(String entry) {
        String pattern = entry.trim().toLowerCase(Locale.ROOT);
        if (pattern.endsWith(".")) {
            pattern = pattern.substring(0, pattern.length() - 1);
        }
        String name = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        if (!pattern.equals("*") && (name.isEmpty() || !name.matches("[a-z0-9_.:-]+") || name.contains("*"))) {
            throw new IllegalArgumentException("[" + entry + "] is not a host pattern: expected *, a host name such as images.example.org, "
                + "or *.example.org for its subdomains");
        }
        return pattern;
    }

    private static int urlPort(String scheme, String portText, String shown) throws OutboundException {
        if (portText.isEmpty()) {
            return OutboundTarget.defaultPort(scheme);
        }
        if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
            throw refused(shown, "the port is not a number 1-65535");
        }
        return Integer.parseInt(portText);
    }

    static int port(String text) {
        String t = text.trim();
        if (!t.matches("[0-9]{1,5}") || Integer.parseInt(t) < 1 || Integer.parseInt(t) > 65535) {
            throw new IllegalArgumentException("[" + text + "] is not a port: expected a number 1-65535 or *");
        }
        return Integer.parseInt(t);
    }

    /** The policy's rules, for logs. */
    @Override
    public String toString() {
        List<String> ports = new ArrayList<>();
        if (anyPort) {
            ports.add("*");
        }
        new java.util.TreeSet<>(allowedPorts).forEach(p -> ports.add(String.valueOf(p)));
        return "hosts " + allowedHosts + ", cidrs " + allowedRanges + ", ports " + ports + ", redirects " + maxRedirects;
    }
}
