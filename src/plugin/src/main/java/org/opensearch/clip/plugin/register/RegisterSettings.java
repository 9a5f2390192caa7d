package org.opensearch.clip.plugin.register;

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

    /** Follows the settings' values: the node's, then updates through the cluster settings API. */
    public RegisterSettings(Settings settings, ClusterSettings clusterSettings) {
        baseUrl = CATALOG_BASE_URL.get(settings);
        maxBytes = MAX_BYTES.get(settings).getBytes();
        connectTimeout = CONNECT_TIMEOUT.get(settings);
        readTimeout = READ_TIMEOUT.get(settings);
        totalTimeout = TOTAL_TIMEOUT.get(settings);
        clusterSettings.addSettingsUpdateConsumer(CATALOG_BASE_URL, v -> baseUrl = v);
        clusterSettings.addSettingsUpdateConsumer(MAX_BYTES, v -> maxBytes = v.getBytes());
        clusterSettings.addSettingsUpdateConsumer(CONNECT_TIMEOUT, v -> connectTimeout = v);
        clusterSettings.addSettingsUpdateConsumer(READ_TIMEOUT, v -> readTimeout = v);
        clusterSettings.addSettingsUpdateConsumer(TOTAL_TIMEOUT, v -> totalTimeout = v);
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

    /** Every registration setting. */
    public static List<Setting<?>> all() {
        return List.of(CATALOG_BASE_URL, MAX_BYTES, CONNECT_TIMEOUT, READ_TIMEOUT, TOTAL_TIMEOUT);
    }
}
