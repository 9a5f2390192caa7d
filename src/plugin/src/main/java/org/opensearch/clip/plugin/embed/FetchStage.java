package org.opensearch.clip.plugin.embed;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.clip.plugin.outbound.ImageFetcher;
import org.opensearch.clip.plugin.outbound.OutboundException;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.concurrency.OpenSearchRejectedExecutionException;
import org.opensearch.core.rest.RestStatus;

/**
 * Fetches the images given as URLs through the node's image fetcher (the outbound policy, on its own bounded pool,
 * never on the caller's thread) and hands the bytes to the decode stage; a URL that cannot be fetched fails its item
 * alone with the fetcher's safe reason (never the body or size of what came back).
 */
final class FetchStage {
    private static final Logger logger = LogManager.getLogger(FetchStage.class);

    private final ImageFetcher fetcher;
    private final DecodeStage decode;

    /** A stage over {@code fetcher}; null means this node fetches no URLs and such images fail with 400. */
    FetchStage(ImageFetcher fetcher, DecodeStage decode) {
        this.fetcher = fetcher;
        this.decode = decode;
    }

    void submit(WorkItem item) {
        ModelExecutor model = item.executor();
        if (fetcher == null) {
            model.fail(item, new IllegalArgumentException(DecodeStage.label(item) + "image URLs are not fetched on this node"), "bad_image");
            return;
        }
        long start = System.nanoTime();
        fetcher.fetch(item.image.value(), new ActionListener<>() {
            @Override
            public void onResponse(org.opensearch.clip.plugin.outbound.FetchedImage image) {
                model.stats().fetch.record(System.nanoTime() - start);
                if (item.expired(System.nanoTime())) {
                    model.timedOut(item, System.nanoTime());
                    return;
                }
                item.fetched = image.bytes();
                decode.submit(item);
            }

            @Override
            public void onFailure(Exception e) {
                String label = DecodeStage.label(item);
                if (e instanceof OutboundException outbound) {
                    logger.debug("image URL fetch failed: {}", outbound.logDetail());
                    if (outbound.kind() == OutboundException.Kind.REJECTED) {
                        model.fail(item, new OpenSearchRejectedExecutionException(label + outbound.getMessage()), "rejected");
                    } else {
                        // no cause: the reason is the fetcher's safe message, and nothing more may reach the client
                        model.fail(item, new OpenSearchStatusException(label + "cannot use the image: " + outbound.getMessage(),
                            outbound.status()), "fetch_failed");
                    }
                    return;
                }
                logger.error("image URL fetch failed unexpectedly", e);
                model.fail(item, new OpenSearchStatusException(label + "cannot fetch the image", RestStatus.INTERNAL_SERVER_ERROR), "error");
            }
        });
    }
}
