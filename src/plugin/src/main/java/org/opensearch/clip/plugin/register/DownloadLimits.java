package org.opensearch.clip.plugin.register;

import org.opensearch.clip.plugin.outbound.FetchLimits;
import org.opensearch.common.unit.TimeValue;

/**
 * Bounds on one download.
 *
 * @param maxBytes the largest file accepted; larger ones are refused (by Content-Length up front, else while reading)
 * @param connectTimeout the longest wait for a connection
 * @param readTimeout the longest wait for the next bytes once connected
 * @param totalTimeout the longest one file's download may take
 */
public record DownloadLimits(long maxBytes, TimeValue connectTimeout, TimeValue readTimeout, TimeValue totalTimeout) {
    /** These limits for the outbound client. */
    FetchLimits fetchLimits() {
        return new FetchLimits(maxBytes, RegisterSettings.MAX_BYTES.getKey(), connectTimeout, readTimeout, totalTimeout);
    }
}
