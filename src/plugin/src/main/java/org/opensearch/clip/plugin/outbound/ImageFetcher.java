package org.opensearch.clip.plugin.outbound;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageFormat;
import org.opensearch.core.action.ActionListener;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Fetches image URLs under the outbound policy, on its own bounded pool ({@code clip_fetch}), never on the caller's
 * thread. An answer must be 200, have an image content type ({@code image/*}; also {@code application/octet-stream},
 * {@code binary/octet-stream} or none, which object stores often send) and start with the signature of a JPEG, PNG, GIF,
 * BMP or WebP file; at most {@code clip.image.max_bytes} are read. Each failure is an {@link OutboundException} whose
 * message starts with {@code image URL <url>: } and never repeats what the server sent.
 */
public final class ImageFetcher {
    private static final Logger logger = LogManager.getLogger(ImageFetcher.class);
    private static final int SIGNATURE_BYTES = 16;

    private final OutboundClient client;
    private final Supplier<FetchLimits> limits;
    private final Executor executor;

    /**
     * @param limits read at the start of each fetch
     * @param executor the clip_fetch pool; a full queue is a retryable rejection (429)
     */
    public ImageFetcher(OutboundClient client, Supplier<FetchLimits> limits, Executor executor) {
        this.client = client;
        this.limits = limits;
        this.executor = executor;
    }

    /**
     * Fetches {@code url} in the background; {@code listener} gets the image or an {@link OutboundException} (kind
     * {@link OutboundException.Kind#REJECTED}, status 429, when the pool's queue is full). The listener runs on a
     * clip_fetch thread (or on the caller's for a rejection): hand heavy work to another pool.
     */
    public void fetch(String url, ActionListener<FetchedImage> listener) {
        try {
            executor.execute(() -> run(url, listener));
        } catch (RejectedExecutionException e) {
            listener.onFailure(new OutboundException(OutboundException.Kind.REJECTED, "image URL " + SafeUrl.display(url)
                + ": this node has too many image fetches queued (thread_pool." + OutboundSettings.THREAD_POOL + ".queue_size); retry later"));
        }
    }

    private void run(String url, ActionListener<FetchedImage> listener) {
        FetchedImage image;
        try {
            image = fetchNow(url);
        } catch (OutboundException e) {
            OutboundException failure = e.prefixed("image URL ");
            if (failure.logDetail().equals(failure.getMessage())) {
                logger.debug("{}", failure.logDetail());
            } else {
                logger.warn("{}", failure.logDetail()); // the message points to the node log for these details
            }
            listener.onFailure(failure);
            return;
        } catch (RuntimeException e) {
            logger.warn("fetching image URL " + SafeUrl.display(url) + " failed", e);
            listener.onFailure(new OutboundException(OutboundException.Kind.PROTOCOL, "image URL " + SafeUrl.display(url)
                + ": the fetch failed (see the node log)", e.toString(), e));
            return;
        }
        listener.onResponse(image);
    }

    private FetchedImage fetchNow(String url) throws OutboundException {
        try (OutboundResponse response = client.get(url, limits.get())) {
            String shown = response.url();
            String type = mediaType(response.contentType());
            if (type != null && !type.startsWith("image/") && !type.equals("application/octet-stream") && !type.equals("binary/octet-stream")) {
                throw new OutboundException(OutboundException.Kind.NOT_AN_IMAGE, shown + " is not an image (content type " + type + ")");
            }
            InputStream body = response.body();
            byte[] head = body.readNBytes(SIGNATURE_BYTES);
            ImageFormat format;
            try {
                format = ImageFormat.detect(head);
            } catch (ImageDecodeException e) {
                throw new OutboundException(OutboundException.Kind.NOT_AN_IMAGE, shown + " is not an image: it does not start like a JPEG, PNG, "
                    + "GIF, BMP or WebP file");
            }
            byte[] rest = body.readAllBytes();
            byte[] bytes = new byte[head.length + rest.length];
            System.arraycopy(head, 0, bytes, 0, head.length);
            System.arraycopy(rest, 0, bytes, head.length, rest.length);
            return new FetchedImage(shown, format, bytes);
        } catch (OutboundException e) {
            throw e;
        } catch (IOException e) {
            String shown = SafeUrl.display(url);
            throw new OutboundException(OutboundException.Kind.PROTOCOL, shown + ": the fetch failed (see the node log)",
                shown + ": the fetch failed: " + e, e);
        }
    }

    /** The media type of a Content-Type header, lower case, without parameters; only token characters are kept. */
    static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        String safe = type.replaceAll("[^a-z0-9!#$&^_.+/-]", "?");
        return safe.length() > 100 ? safe.substring(0, 100) + "..." : safe;
    }
}
