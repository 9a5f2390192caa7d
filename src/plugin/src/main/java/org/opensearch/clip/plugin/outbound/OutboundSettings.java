package org.opensearch.clip.plugin.outbound;

import org.opensearch.clip.plugin.settings.ClipSettings;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.util.concurrent.OpenSearchExecutors;
import org.opensearch.threadpool.ExecutorBuilder;
import org.opensearch.threadpool.FixedExecutorBuilder;

import java.util.List;
import java.util.function.Function;

/**
 * The node settings of the outbound policy ({@code clip.fetch.*}), all dynamic; an instance follows their current
 * values and makes the policy and the image fetch limits from them.
 */
public final class OutboundSettings {
    /** The thread pool that fetches image URLs (sized by thread_pool.clip_fetch.*). */
    public static final String THREAD_POOL = "clip_fetch";

    /**
     * The hosts URLs may name: {@code *} (any), {@code images.example.org} (that host), {@code *.example.org} (its
     * subdomains). The default is any host: which addresses may be reached is decided after the lookup, by
     * {@link #ALLOWED_CIDRS} and the refused address classes.
     */
    public static final Setting<List<String>> ALLOWED_HOSTS = Setting.listSetting("clip.fetch.allowed_hosts", List.of("*"),
        validated(OutboundPolicy::hostPattern), Property.NodeScope, Property.Dynamic);

    /**
     * Address blocks that may be reached although they are not public (loopback, private, link-local, ...), e.g.
     * {@code 10.20.0.0/16} for an internal object store. None by default.
     */
    public static final Setting<List<String>> ALLOWED_CIDRS = Setting.listSetting("clip.fetch.allowed_cidrs", List.of(),
        validated(AddressRange::parse), Property.NodeScope, Property.Dynamic);

    /** The ports URLs may use; {@code *} for any. 80 and 443 by default. */
    public static final Setting<List<String>> ALLOWED_PORTS = Setting.listSetting("clip.fetch.allowed_ports", List.of("80", "443"),
        validated(p -> "*".equals(p.trim()) ? 0 : OutboundPolicy.port(p)), Property.NodeScope, Property.Dynamic);

    /** How many redirects one request follows (each checked like the first URL). */
    public static final Setting<Integer> MAX_REDIRECTS = Setting.intSetting("clip.fetch.max_redirects", 3, 0, 10, Property.NodeScope,
        Property.Dynamic);

    /** How many requests to one host run at once on this node; more wait (within their total timeout). */
    public static final Setting<Integer> MAX_CONNECTIONS_PER_HOST = Setting.intSetting("clip.fetch.max_connections_per_host", 4, 1, 1024,
        Property.NodeScope, Property.Dynamic);

    /** The longest wait for a connection when fetching an image. */
    public static final Setting<TimeValue> CONNECT_TIMEOUT = Setting.timeSetting("clip.fetch.connect_timeout", TimeValue.timeValueSeconds(5),
        TimeValue.timeValueMillis(1), Property.NodeScope, Property.Dynamic);

    /** The longest wait for the next bytes when fetching an image. */
    public static final Setting<TimeValue> READ_TIMEOUT = Setting.timeSetting("clip.fetch.read_timeout", TimeValue.timeValueSeconds(10),
        TimeValue.timeValueMillis(1), Property.NodeScope, Property.Dynamic);

    /** The longest one image fetch may take, redirects and waiting for a connection slot included. */
    public static final Setting<TimeValue> TOTAL_TIMEOUT = Setting.timeSetting("clip.fetch.total_timeout", TimeValue.timeValueSeconds(30),
        TimeValue.timeValueMillis(1), Property.NodeScope, Property.Dynamic);

    private static final List<Setting<?>> POLICY = List.of(ALLOWED_HOSTS, ALLOWED_CIDRS, ALLOWED_PORTS, MAX_REDIRECTS, MAX_CONNECTIONS_PER_HOST);
    private static final List<Setting<?>> IMAGE_LIMITS = List.of(CONNECT_TIMEOUT, READ_TIMEOUT, TOTAL_TIMEOUT, ClipSettings.IMAGE_MAX_BYTES);

    private volatile OutboundPolicy policy;
    private volatile FetchLimits imageLimits;

    /** Follows the settings' values: the node's, then updates through the cluster settings API. */
    public OutboundSettings(Settings settings, ClusterSettings clusterSettings) {
        policy = policy(settings);
        imageLimits = imageLimits(settings);
        clusterSettings.addSettingsUpdateConsumer(s -> policy = policy(s), POLICY);
        clusterSettings.addSettingsUpdateConsumer(s -> imageLimits = imageLimits(s), IMAGE_LIMITS);
    }

    /** The current policy. */
    public OutboundPolicy policy() {
        return policy;
    }

    /** The current limits of one image fetch (bytes from {@code clip.image.max_bytes}). */
    public FetchLimits imageLimits() {
        return imageLimits;
    }

    /** The policy {@code settings} describe. */
    public static OutboundPolicy policy(Settings settings) {
        return new OutboundPolicy(ALLOWED_HOSTS.get(settings), ALLOWED_CIDRS.get(settings), ALLOWED_PORTS.get(settings),
            MAX_REDIRECTS.get(settings), MAX_CONNECTIONS_PER_HOST.get(settings));
    }

    private static FetchLimits imageLimits(Settings settings) {
        return new FetchLimits(ClipSettings.IMAGE_MAX_BYTES.get(settings).getBytes(), ClipSettings.IMAGE_MAX_BYTES.getKey(),
            CONNECT_TIMEOUT.get(settings), READ_TIMEOUT.get(settings), TOTAL_TIMEOUT.get(settings));
    }

    /**
     * The clip_fetch pool: fetches wait on the network, not the CPU, so it has more threads than cores (2 per core, 4 to
     * 32); at most 1000 fetches queue, beyond that a fetch is rejected with 429.
     */
    public static ExecutorBuilder<?> executorBuilder(Settings settings) {
        int size = Math.max(4, Math.min(32, 2 * OpenSearchExecutors.allocatedProcessors(settings)));
        return new FixedExecutorBuilder(settings, THREAD_POOL, size, 1000, "thread_pool." + THREAD_POOL);
    }

    /** Every outbound setting (clip.image.max_bytes is registered with the other image settings). */
    public static List<Setting<?>> all() {
        return List.of(ALLOWED_HOSTS, ALLOWED_CIDRS, ALLOWED_PORTS, MAX_REDIRECTS, MAX_CONNECTIONS_PER_HOST, CONNECT_TIMEOUT, READ_TIMEOUT,
            TOTAL_TIMEOUT);
    }

    /** A list entry parser that refuses what {@code check} refuses and keeps the entry as written. */
    private static Function<String, String> validated(Function<String, ?> check) {
        return entry -> {
            check.apply(entry);
            return entry.trim();
        };
    }
}
