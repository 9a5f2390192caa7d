package org.opensearch.clip.plugin.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensearch.common.unit.TimeValue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound policy refuses every non-public destination and every ambiguous URL form before any connection is
 * made: each refusal here goes through a client whose socket connector fails the test if it is ever asked to connect,
 * and whose resolver maps test names to the addresses given (nothing leaves this machine).
 */
class OutboundPolicyTest {
    private static final FetchLimits LIMITS = new FetchLimits(1 << 20, "clip.image.max_bytes", TimeValue.timeValueSeconds(1),
        TimeValue.timeValueSeconds(1), TimeValue.timeValueSeconds(2));

    private final NoConnections connector = new NoConnections();
    private final Map<String, String> names = Map.of(
        "localhost", "127.0.0.1",
        "loopback.test", "127.0.0.2",
        "internal.test", "10.0.0.1",
        "metadata.test", "169.254.169.254",
        "public-and-private.test", "93.184.215.14,192.168.1.20",
        "v6-loopback.test", "::1"
    );

    private OutboundClient client(OutboundPolicy policy) {
        HostResolver resolver = host -> {
            String addresses = names.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> out = new java.util.ArrayList<>();
            for (String a : addresses.split(",")) {
                out.add(InetAddress.getByAddress(host, AddressLiterals.parse(a).getAddress()));
            }
            return out;
        };
        return new OutboundClient(() -> policy, resolver, connector, null);
    }

    private OutboundException refused(OutboundPolicy policy, String url) {
        OutboundException e = assertThrows(OutboundException.class, () -> client(policy).get(url, LIMITS).close());
        assertEquals(OutboundException.Kind.REFUSED, e.kind(), e.getMessage());
        assertEquals(List.of(), connector.attempts, "no connection was attempted");
        return e;
    }

    private String refusal(String url) {
        return refused(Policies.defaults(), url).getMessage();
    }

    @Test
    void loopbackByAddressAndByNameIsRefusedByDefault() {
        assertEquals("http://127.0.0.1/x.jpg: refused: 127.0.0.1 is a loopback address; allow it with clip.fetch.allowed_cidrs",
            refusal("http://127.0.0.1/x.jpg"));
        assertEquals("http://localhost/x.jpg: refused: the host resolves to a loopback address (127.0.0.1); allow it with "
            + "clip.fetch.allowed_cidrs", refusal("http://localhost/x.jpg"));
        assertEquals("https://loopback.test/x.jpg: refused: the host resolves to a loopback address (127.0.0.2); allow it with "
            + "clip.fetch.allowed_cidrs", refusal("https://loopback.test/x.jpg"));
        assertTrue(refusal("http://v6-loopback.test/").contains("the host resolves to a loopback address (0:0:0:0:0:0:0:1)"));
        assertTrue(refusal("http://[::1]/x").contains("0:0:0:0:0:0:0:1 is a loopback address"), refusal("http://[::1]/x"));
    }

    @Test
    void privateLinkLocalAndMetadataAddressesAreRefused() {
        assertEquals("http://10.0.0.1/x: refused: 10.0.0.1 is a private address; allow it with clip.fetch.allowed_cidrs",
            refusal("http://10.0.0.1/x"));
        assertEquals("http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 is the cloud metadata address; allow it with "
            + "clip.fetch.allowed_cidrs", refusal("http://169.254.169.254/latest/meta-data/"));
        assertEquals("https://internal.test/x.jpg: refused: the host resolves to a private address (10.0.0.1); allow it with "
            + "clip.fetch.allowed_cidrs", refusal("https://internal.test/x.jpg"));
        assertTrue(refusal("http://metadata.test/").contains("resolves to the cloud metadata address (169.254.169.254)"));
    }

    @Test
    void everyResolvedAddressIsChecked() {
        assertTrue(refusal("https://public-and-private.test/x").contains("resolves to a private address (192.168.1.20)"));
    }

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0, the unspecified address",
        "0.1.2.3, a 'this network' address",
        "10.255.255.255, a private address",
        "172.16.0.1, a private address",
        "172.31.255.255, a private address",
        "192.168.0.1, a private address",
        "100.64.0.1, a shared (CGNAT) address",
        "127.255.0.1, a loopback address",
        "169.254.1.1, a link-local address",
        "224.0.0.1, a multicast address",
        "239.255.255.250, a multicast address",
        "255.255.255.255, the broadcast address",
        "240.0.0.1, a reserved address",
        "192.0.2.10, a documentation address",
        "198.18.0.1, a benchmarking address",
        "[::], the unspecified address",
        "[::1], a loopback address",
        "[fc00::1], a unique-local address",
        "[fd12:3456::1], a unique-local address",
        "[fe80::1], a link-local address",
        "[ff02::1], a multicast address",
        "[2001:db8::1], a documentation address",
        "[::ffff:127.0.0.1], a loopback address",
        "[::ffff:10.0.0.1], a private address",
        "[::ffff:7f00:1], a loopback address",
        "[::127.0.0.1], a loopback address in IPv6 form",
        "[::a9fe:a9fe], the cloud metadata address in IPv6 form",
        "[64:ff9b::10.0.0.1], a private address in IPv6 form",
        "[64:ff9b::7f00:1], a loopback address in IPv6 form",
        "[2002:7f00:1::], a loopback address in IPv6 form",
        "[2002:a9fe:a9fe::1], the cloud metadata address in IPv6 form",
        "[2001:0:4136:e378::1], 'an IETF protocol address (Teredo, benchmarking, ORCHID, ...)'",
    })
    void nonPublicAddressesAreRefused(String host, String kind) {
        String message = refusal("http://" + host + "/image.png");
        assertTrue(message.contains(" is " + kind + "; allow it with clip.fetch.allowed_cidrs"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = { "2130706433", "0177.0.0.1", "0x7f.1", "0x7f000001", "127.1", "127.0.1", "017700000001", "0x7f.0.0.1",
        "127.0.0.01", "1.2.3.4.5", "10.1" })
    void numericHostsInNonStandardFormsAreRefusedAsAmbiguous(String host) {
        assertEquals("http://" + host + "/x: refused: the host " + host + " is a numeric address in a non-standard form (decimal, octal, "
            + "hex or fewer than four parts); write it as four decimal numbers, e.g. 192.0.2.1", refusal("http://" + host + "/x"));
    }

    @Test
    void ambiguousFormsAreRefusedEvenWhenTheAddressTheyMeanIsAllowed() {
        refused(Policies.allowingLoopback(), "http://2130706433/x");
        refused(Policies.allowingLoopback(), "http://0x7f.1/x");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://example.org/x.jpg", "file:///etc/passwd", "gopher://example.org/", "jar:http://example.org/a.jar!/x",
        "data:image/png;base64,iVBORw0KGgo=", "javascript:alert(1)", "//example.org/x.jpg", "example.org/x.jpg" })
    void onlyHttpAndHttpsAreFetched(String url) {
        assertTrue(refusal(url).endsWith(": refused: only http and https URLs are fetched"), refusal(url));
    }

    @Test
    void credentialsInAUrlAreRefusedAndNeverRepeated() {
        String message = refusal("https://admin:s3cret@example.org/x.jpg");
        assertEquals("https://example.org/x.jpg: refused: the URL carries credentials (user:password@host); they are never sent, remove them",
            message);
        assertFalse(refusal("http://token@127.0.0.1/").contains("token"));
        assertFalse(refusal("http://a:b@c@example.org/").contains("a:b"));
    }

    @Test
    void portsOutsideTheAllowedOnesAreRefused() {
        assertEquals("http://example.org:9200/_cat/indices: refused: port 9200 is not in clip.fetch.allowed_ports [80, 443]",
            refusal("http://example.org:9200/_cat/indices"));
        assertTrue(refusal("https://example.org:22/").contains("port 22 is not in clip.fetch.allowed_ports"));
        assertTrue(refusal("https://example.org:99999/").endsWith("refused: the port is not a number 1-65535"));
    }

    @Test
    void hostsOutsideTheAllowedPatternsAreRefused() {
        OutboundPolicy policy = new OutboundPolicy(List.of("images.example.org", "*.cdn.example.net"), List.of(), List.of("443"), 3, 4);
        assertEquals("https://example.org/x: refused: the host example.org is not in clip.fetch.allowed_hosts [images.example.org, "
            + "*.cdn.example.net]", refused(policy, "https://example.org/x").getMessage());
        refused(policy, "https://cdn.example.net/x");
        refused(policy, "https://evilcdn.example.net/x");
        refused(policy, "https://images.example.org.evil.test/x");
        assertEquals("images.example.org", assertDoesNotRefuse(policy, "https://IMAGES.example.org./x").host());
        assertEquals("a.b.cdn.example.net", assertDoesNotRefuse(policy, "https://a.b.cdn.example.net/x").host());
    }

    @Test
    void malformedUrlsAreRefused() {
        assertTrue(refusal("http://exa mple.org/").endsWith("refused: not a valid URL"));
        assertTrue(refusal("http:///x").endsWith("refused: the URL has no host"));
        assertTrue(refusal("http://ex*ample.org/").contains("is not a DNS name or an IP address"));
        assertTrue(refusal("http://[fe80::1%25eth0]/").contains("refused"));
        assertTrue(refusal("http://" + "a".repeat(9000) + ".org/").contains("not a URL of at most 8192 characters"));
    }

    @Test
    void allowedCidrsOpenExactlyTheirBlocks() throws OutboundException {
        OutboundPolicy policy = new OutboundPolicy(List.of("*"), List.of("10.20.0.0/16", "fd00:1::/32"), List.of("*"), 3, 4);
        assertDoesNotRefuse(policy, "http://10.20.3.4:9000/bucket/x.jpg");
        assertDoesNotRefuse(policy, "http://[fd00:1::5]/x.jpg");
        assertDoesNotRefuse(policy, "http://[::ffff:10.20.0.1]/x.jpg");
        refused(policy, "http://10.21.0.1/x.jpg");
        refused(policy, "http://127.0.0.1/x.jpg");
        refused(policy, "http://[fd00:2::1]/x.jpg");
    }

    @Test
    void publicDestinationsPassTheChecks() throws OutboundException {
        OutboundTarget target = assertDoesNotRefuse(Policies.defaults(), "https://Images.Example.org/a/b%20c.jpg?size=2#frag");
        assertEquals(new OutboundTarget("https", "images.example.org", 443, "/a/b%20c.jpg?size=2", null), target);
        assertEquals("https://images.example.org/a/b%20c.jpg?size=2", target.display());
        OutboundTarget literal = assertDoesNotRefuse(Policies.defaults(), "http://93.184.215.14");
        assertEquals("/", literal.requestTarget());
        assertEquals("93.184.215.14", literal.literal().getHostAddress());
        assertDoesNotRefuse(Policies.defaults(), "http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/");
        assertDoesNotRefuse(Policies.defaults(), "http://my_bucket.storage.example.org/x");
    }

    @Test
    void badSettingValuesAreRefusedWithTheirForm() {
        IllegalArgumentException cidr = assertThrows(IllegalArgumentException.class,
            () -> new OutboundPolicy(List.of("*"), List.of("10.0.0.0/33"), List.of("80"), 3, 4));
        assertEquals("[10.0.0.0/33] is not an address range: the prefix length must be 0 to 32", cidr.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OutboundPolicy(List.of("*"), List.of("internal.example.org"), List.of("80"), 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new OutboundPolicy(List.of("*"), List.of(), List.of("http"), 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new OutboundPolicy(List.of("im*ges.org"), List.of(), List.of("80"), 3, 4));
    }

    private static OutboundTarget assertDoesNotRefuse(OutboundPolicy policy, String url) {
        try {
            return policy.check(url);
        } catch (OutboundException e) {
            throw new AssertionError("refused " + url + ": " + e.getMessage(), e);
        }
    }

    @Test
    void specialAddressesKnowWhatTheyAre() throws UnknownHostException {
        assertNull(SpecialAddresses.describe(InetAddress.getByName("93.184.215.14")));
        assertNull(SpecialAddresses.describe(InetAddress.getByName("[2606:4700::1111]")));
        assertNull(SpecialAddresses.describe(InetAddress.getByName("[64:ff9b::5db8:d70e]")), "NAT64 of a public address is public");
        assertEquals("a multicast address", SpecialAddresses.describe(InetAddress.getByName("[ff05::2]")));
        assertEquals("an IPv6 address outside global unicast (2000::/3)", SpecialAddresses.describe(InetAddress.getByName("[4000::1]")));
    }
}
