package org.opensearch.clip.plugin.outbound;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The address blocks that are not the public internet: loopback, private, link-local (the cloud metadata address
 * 169.254.169.254 among them), shared (CGNAT), multicast, broadcast, unspecified, documentation, benchmarking and
 * reserved blocks for IPv4; loopback, unspecified, unique-local, link-local, site-local, multicast, documentation,
 * IETF and everything outside global unicast (2000::/3) for IPv6. IPv6 forms that carry an IPv4 address (mapped,
 * compatible, NAT64, 6to4) are judged by that IPv4 address.
 */
final class SpecialAddresses {
    private record Block(AddressRange range, String description) {}

    private static final List<Block> IPV4 = List.of(
        block("0.0.0.0/32", "the unspecified address"),
        block("0.0.0.0/8", "a 'this network' address"),
        block("10.0.0.0/8", "a private address"),
        block("100.64.0.0/10", "a shared (CGNAT) address"),
        block("127.0.0.0/8", "a loopback address"),
        block("169.254.169.254/32", "the cloud metadata address"),
        block("169.254.0.0/16", "a link-local address"),
        block("172.16.0.0/12", "a private address"),
        block("192.0.0.0/24", "an IETF protocol address"),
        block("192.0.2.0/24", "a documentation address"),
        block("192.88.99.0/24", "a 6to4 relay address"),
        block("192.168.0.0/16", "a private address"),
        block("198.18.0.0/15", "a benchmarking address"),
        block("198.51.100.0/24", "a documentation address"),
        block("203.0.113.0/24", "a documentation address"),
        block("224.0.0.0/4", "a multicast address"),
        block("255.255.255.255/32", "the broadcast address"),
        block("240.0.0.0/4", "a reserved address")
    );

    private static final List<Block> IPV6 = List.of(
        block("::/128", "the unspecified address"),
        block("::1/128", "a loopback address"),
        block("64:ff9b:1::/48", "a local NAT64 address"),
        block("100::/64", "a discard-only address"),
        block("2001:db8::/32", "a documentation address"),
        block("2001::/23", "an IETF protocol address (Teredo, benchmarking, ORCHID, ...)"),
        block("3fff::/20", "a documentation address"),
        block("fc00::/7", "a unique-local address"),
        block("fe80::/10", "a link-local address"),
        block("fec0::/10", "a site-local address"),
        block("ff00::/8", "a multicast address")
    );

    private static final AddressRange GLOBAL_UNICAST = AddressRange.parse("2000::/3");
    private static final AddressRange COMPATIBLE = AddressRange.parse("::/96");
    private static final AddressRange NAT64 = AddressRange.parse("64:ff9b::/96");
    private static final AddressRange SIX_TO_FOUR = AddressRange.parse("2002::/16");

    private SpecialAddresses() {}

    private static Block block(String cidr, String description) {
        return new Block(AddressRange.parse(cidr), description);
    }

    /** What kind of non-public address {@code address} is ("a private address", ...), or null for a public one. */
    static String describe(InetAddress address) {
        Inet4Address embedded = embeddedIpv4(address);
        if (embedded != null) {
            String inner = describe(embedded);
            return inner == null ? null : inner + " in IPv6 form";
        }
        List<Block> blocks = address instanceof Inet4Address ? IPV4 : IPV6;
        for (Block block : blocks) {
            if (block.range().contains(address)) {
                return block.description();
            }
        }
        if (!(address instanceof Inet4Address) && !GLOBAL_UNICAST.contains(address)) {
            return "an IPv6 address outside global unicast (2000::/3)";
        }
        return null;
    }

    /**
     * The IPv4 address an IPv6 address stands for: IPv4-compatible {@code ::a.b.c.d} (but not :: and ::1), NAT64
     * {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:aabb:ccdd::}; null for other addresses. (IPv4-mapped
     * {@code ::ffff:a.b.c.d} never gets here: the JDK turns it into the IPv4 address itself, checked as such.)
     */
    static Inet4Address embeddedIpv4(InetAddress address) {
        if (address instanceof Inet4Address) {
            return null;
        }
        byte[] b = address.getAddress();
        int offset;
        if (NAT64.contains(address)) {
            offset = 12;
        } else if (COMPATIBLE.contains(address)) {
            if (b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1)) {
                return null; // :: and ::1 are themselves
            }
            offset = 12;
        } else if (SIX_TO_FOUR.contains(address)) {
            offset = 2;
        } else {
            return null;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] { b[offset], b[offset + 1], b[offset + 2], b[offset + 3] });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
