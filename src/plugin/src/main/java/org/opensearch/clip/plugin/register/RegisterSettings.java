package org.opensearch.clip.plugin.register;

import org.opensearch.clip.plugin.outbound.Credential;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.unit.ByteSizeUnit;
import org.opensearch.core.common.unit.ByteSizeValue;

import java.util.List;

/**
 * The node settings of model registration (POST _plugins/_clip/models/_register), all dynamic; an instance follows
 * their current values. Which hosts and addresses downloads may reach is the outbound policy's (clip.fetch.*).
 */
public final class RegisterSettings {
    private volatile String baseUrl;
    private volatile long maxBytes;
    private volatile TimeValue connectTimeout;
    private volatile TimeValue readTimeout;
    private volatile TimeValue totalTimeout;
    private volatile String hubEndpoint;
    private volatile Credential hubToken;
    private final List<java.nio.file.Path> localAllowedPaths;

    /** Follows the settings' values: the node's, then updates through the cluster settings API. */
    public RegisterSettings(Settings settings, ClusterSettings clusterSettings) {
        baseUrl = CATALOG_BASE_URL.get(settings);
        maxBytes = MAX_BYTES.get(settings).getBytes();
        connectTimeout = CONNECT_TIMEOUT.get(settings);
        readTimeout = READ_TIMEOUT.get(settings);
        totalTimeout = TOTAL_TIMEOUT.get(settings);
        hubEndpoint = HUB_ENDPOINT.get(settings);
        reloadToken(settings);
        localAllowedPaths = LOCAL_ALLOWED_PATHS.get(settings).stream().map(java.nio.file.Path::of).toList();
        clusterSettings.addSettingsUpdateConsumer(HUB_ENDPOINT, v -> {
            hubEndpoint = v;
            reloadToken(null);
        });
        clusterSettings.addSettingsUpdateConsumer(CATALOG_BASE_URL, v -> baseUrl = v);
        clusterSettings.addSettingsUpdateConsumer(MAX_BYTES, v -> maxBytes = v.getBytes());
        clusterSettings.addSettingsUpdateConsumer(CONNECT_TIMEOUT, v -> connectTimeout = v);
        clusterSettings.addSettingsUpdateConsumer(READ_TIMEOUT, v -> readTimeout = v);
        clusterSettings.addSettingsUpdateConsumer(TOTAL_TIMEOUT, v -> totalTimeout = v);
    }

    private volatile String tokenValue = "";

    /**
     * Reads the access token from the keystore ({@code settings} at start or on {@code _nodes/reload_secure_settings});
     * null keeps the token read before and binds it to the current endpoint again.
     */
    public void reloadToken(Settings settings) {
        if (settings != null) {
            try (org.opensearch.core.common.settings.SecureString token = HUB_TOKEN.get(settings)) {
                tokenValue = token.toString();
            }
        }
        hubToken = Credential.bearer(hubEndpoint, tokenValue);
    }

    /** The Hub (or mirror) base URL. */
    public String hubEndpoint() {
        return hubEndpoint;
    }

    /** The access token bound to the endpoint's origin, or null when none is configured. */
    public Credential hubToken() {
        return hubToken;
    }

    /** The directories local snapshots may be registered from. */
    public List<java.nio.file.Path> localAllowedPaths() {
        return localAllowedPaths;
    }

    /** The current catalog mirror, empty for none. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The current download limits. */
    public DownloadLimits limits() {
        return new DownloadLimits(maxBytes, connectTimeout, readTimeout, totalTimeout);
    }

    /**
     * A mirror for the catalog's downloads: when set, a catalog URL's scheme and host are replaced by it (a path prefix
     * is kept), e.g. {@code http://mirror.internal/clip} fetches {@code https://host/a/b.pt} from
     * {@code http://mirror.internal/clip/a/b.pt}. Checksums stay the catalog's.
     */
    public static final Setting<String> CATALOG_BASE_URL = Setting.simpleString("clip.models.catalog.base_url", "",
        Property.NodeScope, Property.Dynamic);

    /** The largest file a registration downloads. */
    public static final Setting<ByteSizeValue> MAX_BYTES = Setting.byteSizeSetting(
        "clip.models.download.max_bytes",
        new ByteSizeValue(2, ByteSizeUnit.GB),
        new ByteSizeValue(1, ByteSizeUnit.KB),
        new ByteSizeValue(64, ByteSizeUnit.GB),
        Property.NodeScope,
        Property.Dynamic
    );

    /** The longest wait for a download's connection. */
    public static final Setting<TimeValue> CONNECT_TIMEOUT = Setting.timeSetting("clip.models.download.connect_timeout",
        TimeValue.timeValueSeconds(30), TimeValue.timeValueMillis(1), Property.NodeScope, Property.Dynamic);

    /** The longest wait for the next bytes of a download. */
    public static final Setting<TimeValue> READ_TIMEOUT = Setting.timeSetting("clip.models.download.read_timeout",
        TimeValue.timeValueSeconds(60), TimeValue.timeValueMillis(1), Property.NodeScope, Property.Dynamic);

    /** The longest one file's download may take, from the first connection to the last byte. */
    public static final Setting<TimeValue> TOTAL_TIMEOUT = Setting.timeSetting("clip.models.download.total_timeout",
        TimeValue.timeValueHours(1), TimeValue.timeValueMillis(1), Property.NodeScope, Property.Dynamic);

    /**
     * The Hugging Face Hub, or a mirror of it with the same {@code <repo>/resolve/<revision>/<file>} URLs. The Hub answers
     * large files with a redirect to its storage hosts: each redirect is checked by the outbound policy like the first
     * URL (clip.fetch.allowed_hosts must allow them when it lists hosts), and the token is never sent there.
     */
    public static final Setting<String> HUB_ENDPOINT = new Setting<>("clip.models.hub.endpoint", "https://huggingface.co", value -> {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("clip.models.hub.endpoint must be an http(s) URL, got [" + value + "]", e);
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getUserInfo() != null
            || uri.getQuery() != null) {
            throw new IllegalArgumentException("clip.models.hub.endpoint must be an http(s) URL without credentials or query, got ["
                + value + "]");
        }
        return value;
    }, Property.NodeScope, Property.Dynamic);

    /** An access token for gated or private repositories, sent as a bearer token to the endpoint's own origin only (keystore). */
    public static final Setting<org.opensearch.core.common.settings.SecureString> HUB_TOKEN =
        org.opensearch.common.settings.SecureSetting.secureString("clip.models.hub.token", null);

    /**
     * The directories a {@code "source": "local"} registration may read a snapshot from (absolute; empty: none). A
     * directory outside the node's config and data paths also needs a read grant in the plugin's security policy.
     */
    public static final Setting<List<String>> LOCAL_ALLOWED_PATHS = Setting.listSetting("clip.models.local.allowed_paths", List.of(),
        java.util.function.Function.identity(), Property.NodeScope);

    /** Every registration setting. */
    public static List<Setting<?>> all() {
        return List.of(CATALOG_BASE_URL, MAX_BYTES, CONNECT_TIMEOUT, READ_TIMEOUT, TOTAL_TIMEOUT, HUB_ENDPOINT, HUB_TOKEN, LOCAL_ALLOWED_PATHS);
    }
}
