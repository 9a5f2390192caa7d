package org.opensearch.clip.plugin.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Numeric host forms: strict dotted-quad IPv4 and IPv6 literals are parsed without any name lookup; the other forms
 * that URL parsers and resolvers disagree on (decimal {@code 2130706433}, octal {@code 0177.0.0.1}, hex {@code 0x7f.1},
 * short {@code 127.1}) are recognised so that the policy can refuse them as ambiguous.
 */
final class AddressLiterals {
    private AddressLiterals() {}

    /**
     * The address written in {@code host} (IPv6 with or without brackets, IPv4 as four decimal numbers 0-255 without
     * leading zeros), or null when it is not such a literal. Never resolves a name.
     */
    static InetAddress parse(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.indexOf(':') >= 0) {
            if (!h.matches("[0-9A-Fa-f:.]+")) {
                return null; // zone ids (%eth0) and anything else are not accepted
            }
            try {
                return InetAddress.getByName("[" + h + "]"); // a literal: the JDK parses it without a lookup, or fails
            } catch (UnknownHostException e) {
                return null;
            }
        }
        byte[] bytes = dottedQuad(h);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Whether {@code host} is a numeric form other than a strict dotted quad: a name whose last label is a number
     * (decimal, or hex with 0x) is an IPv4 address to browsers (WHATWG URL) and to the C resolver, which read
     * {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1} and {@code 127.1} all as 127.0.0.1.
     */
    static boolean isAmbiguousNumeric(String host) {
        if (host.indexOf(':') >= 0 || host.startsWith("[") || dottedQuad(host) != null) {
            return false;
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = h.substring(h.lastIndexOf('.') + 1);
        return last.matches("[0-9]+") || last.matches("0[xX][0-9A-Fa-f]*");
    }

    private static byte[] dottedQuad(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
                return null;
            }
            bytes[i] = (byte) Integer.parseInt(part);
        }
        return bytes;
    }
}
