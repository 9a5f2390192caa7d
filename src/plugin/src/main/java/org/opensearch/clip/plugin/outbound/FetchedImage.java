package org.opensearch.clip.plugin.outbound;

import org.opensearch.clip.encoder.decode.ImageFormat;

/**
 * An image fetched from a URL, ready for decoding.
 *
 * @param url the URL that answered (after redirects), without credentials
 * @param format the format recognised from the first bytes
 * @param bytes the encoded image, at most {@code clip.image.max_bytes}
 */
public record FetchedImage(String url, ImageFormat format, byte[] bytes) {}
