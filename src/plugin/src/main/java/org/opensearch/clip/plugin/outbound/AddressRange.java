package org.opensearch.clip.plugin.outbound;

import java.net.InetAddress;
import java.util.Locale;

/** A block of IPv4 or IPv6 addresses in CIDR form ({@code 10.0.0.0/8}, {@code fc00::/7}; an address alone is /32 or /128). */
public final class AddressRange {
    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AddressRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses {@code address/prefix} or a single address; only numeric addresses (dotted-quad IPv4, IPv6), never a name.
     *
     * @throws IllegalArgumentException for anything else, or a prefix longer than the address
     */
    public static AddressRange parse(String cidr) {
        String value = cidr == null ? "" : cidr.trim();
        int slash = value.indexOf('/');
        String addressPart = slash < 0 ? value : value.substring(0, slash);
        InetAddress address = AddressLiterals.parse(addressPart);
        if (address == null) {
            throw new IllegalArgumentException("[" + cidr + "] is not an address range: expected e.g. 10.0.0.0/8, 127.0.0.1/32 or fc00::/7");
        }
        byte[] bytes = address.getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixPart = value.substring(slash + 1);
            if (!prefixPart.matches("[0-9]{1,3}") || Integer.parseInt(prefixPart) > bits) {
                throw new IllegalArgumentException("[" + cidr + "] is not an address range: the prefix length must be 0 to " + bits);
            }
            prefix = Integer.parseInt(prefixPart);
        }
        return new AddressRange(mask(bytes, prefix), prefix, value.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code address} is in this block (an IPv4 block never contains an IPv6 address, nor the reverse). */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        byte[] masked = mask(bytes, prefixLength);
        return java.util.Arrays.equals(masked, network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange other && other.prefixLength == prefixLength && java.util.Arrays.equals(other.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixLength;
    }
}
