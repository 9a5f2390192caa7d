package org.opensearch.clip.plugin.outbound;

import org.opensearch.common.unit.TimeValue;

/**
 * Bounds on one outbound request, redirects included.
 *
 * @param maxBytes the largest body accepted, counted while reading (a Content-Length over it is refused at once, but
 *     one under it is not trusted)
 * @param maxBytesSetting the setting that sets {@code maxBytes}, named in the refusal
 * @param connectTimeout the longest wait for one connection
 * @param readTimeout the longest wait for the next bytes
 * @param totalTimeout the longest the whole request may take, from the first lookup to the last byte
 */
public record FetchLimits(long maxBytes, String maxBytesSetting, TimeValue connectTimeout, TimeValue readTimeout, TimeValue totalTimeout) {}
