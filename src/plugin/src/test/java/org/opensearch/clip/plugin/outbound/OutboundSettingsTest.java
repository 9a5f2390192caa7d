package org.opensearch.clip.plugin.outbound;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.plugin.settings.ClipSettings;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clip.fetch settings: safe defaults, refused bad values, and dynamic updates that reach the next request. */
class OutboundSettingsTest {
    private static ClusterSettings clusterSettings(Settings settings) {
        Set<Setting<?>> all = new HashSet<>(OutboundSettings.all());
        all.add(ClipSettings.IMAGE_MAX_BYTES);
        return new ClusterSettings(settings, all);
    }

    @Test
    void theDefaultsAllowPublicAddressesOnTheWebPortsOnly() {
        OutboundSettings current = new OutboundSettings(Settings.EMPTY, clusterSettings(Settings.EMPTY));
        assertEquals("hosts [*], cidrs [], ports [80, 443], redirects 3", current.policy().toString());
        assertEquals(4, current.policy().maxConnectionsPerHost());
        FetchLimits limits = current.imageLimits();
        assertEquals(10 << 20, limits.maxBytes());
        assertEquals("clip.image.max_bytes", limits.maxBytesSetting());
        assertEquals("5s/10s/30s", limits.connectTimeout() + "/" + limits.readTimeout() + "/" + limits.totalTimeout());
    }

    @Test
    void updatesApplyToTheNextRequest() {
        Settings initial = Settings.builder().putList("clip.fetch.allowed_cidrs", "10.20.0.0/16").build();
        ClusterSettings cluster = clusterSettings(initial);
        OutboundSettings current = new OutboundSettings(initial, cluster);
        assertEquals("hosts [*], cidrs [10.20.0.0/16], ports [80, 443], redirects 3", current.policy().toString());
        cluster.applySettings(Settings.builder().putList("clip.fetch.allowed_ports", "*").put("clip.fetch.max_redirects", 1)
            .put("clip.fetch.total_timeout", "2s").put("clip.image.max_bytes", "1mb").build());
        assertEquals("hosts [*], cidrs [10.20.0.0/16], ports [*], redirects 1", current.policy().toString(), "the node's own value stays");
        assertEquals(1 << 20, current.imageLimits().maxBytes());
        assertEquals("2s", current.imageLimits().totalTimeout().toString());
    }

    @Test
    void badValuesAreRefusedWithTheSettingsName() {
        IllegalArgumentException cidr = assertThrows(IllegalArgumentException.class,
            () -> OutboundSettings.ALLOWED_CIDRS.get(Settings.builder().putList("clip.fetch.allowed_cidrs", "intranet").build()));
        assertTrue(cidr.getMessage().contains("[intranet] is not an address range"), cidr.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> OutboundSettings.ALLOWED_PORTS.get(Settings.builder().putList("clip.fetch.allowed_ports", "0").build()));
        assertThrows(IllegalArgumentException.class,
            () -> OutboundSettings.ALLOWED_HOSTS.get(Settings.builder().putList("clip.fetch.allowed_hosts", "a*b").build()));
        assertThrows(IllegalArgumentException.class,
            () -> OutboundSettings.MAX_REDIRECTS.get(Settings.builder().put("clip.fetch.max_redirects", 11).build()));
        assertEquals(List.of("*"), OutboundSettings.ALLOWED_HOSTS.get(Settings.EMPTY));
    }
}
