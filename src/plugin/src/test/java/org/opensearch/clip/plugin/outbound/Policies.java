package org.opensearch.clip.plugin.outbound;

import java.util.List;

/** Policies for tests: the node's defaults, and one that also allows 127.0.0.1 (the local test servers) on any port. */
final class Policies {
    private Policies() {}

    /** The policy of a node with no clip.fetch settings. */
    static OutboundPolicy defaults() {
        return OutboundSettings.policy(org.opensearch.common.settings.Settings.EMPTY);
    }

    /** Any host, 127.0.0.1/32 allowed explicitly, any port, 3 redirects, 4 connections per host. */
    static OutboundPolicy allowingLoopback() {
        return allowingLoopback(3, 4);
    }

    /** Like {@link #allowingLoopback()} with other redirect and per-host bounds. */
    static OutboundPolicy allowingLoopback(int maxRedirects, int maxConnectionsPerHost) {
        return new OutboundPolicy(List.of("*"), List.of("127.0.0.1/32"), List.of("*"), maxRedirects, maxConnectionsPerHost);
    }
}
