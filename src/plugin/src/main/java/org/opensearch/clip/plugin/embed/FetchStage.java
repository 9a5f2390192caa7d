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
 * alone with the fetcher's safe reason (never the body or size of what came back). At most {@code slots} images are
 * being fetched or wait, fetched, for decoding, so the fetched bytes held at once are bounded by {@code slots} times
 * {@code clip.image.max_bytes}, whatever a request carries; further URLs wait here, query lane first.
 */
final class FetchStage {
    private static final Logger logger = LogManager.getLogger(FetchStage.class);

    private final ImageFetcher fetcher;
    private final DecodeStage decode;
    private final int slots;
    private final java.util.ArrayDeque<WorkItem> waitingQuery = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<WorkItem> waitingIngest = new java.util.ArrayDeque<>();
    private int inUse;
    private boolean draining;

    /** A stage over {@code fetcher} (null: this node fetches no URLs, such images fail with 400) with {@code slots} slots. */
    FetchStage(ImageFetcher fetcher, DecodeStage decode, int slots) {
        this.fetcher = fetcher;
        this.decode = decode;
        this.slots = slots;
    }

    void submit(WorkItem item) {
        if (fetcher == null) {
            item.executor().fail(item, new IllegalArgumentException(DecodeStage.label(item) + "image URLs are not fetched on this node"),
                "bad_image");
            return;
        }
        synchronized (this) {
            (item.lane() == Lane.QUERY ? waitingQuery : waitingIngest).addLast(item);
        }
        startWaiting();
    }

    /** A fetched image was decoded (or its item ended): its slot goes to the next URL. */
    void released() {
        synchronized (this) {
            inUse--;
        }
        startWaiting();
    }

    /**
     * Starts waiting URLs while slots are free. One thread at a time drains (a fetch refused at once gives its slot back
     * from inside this loop, which must not recurse); the decision to stop is taken under the same lock as a release,
     * so a freed slot is never left unused.
     */
    private void startWaiting() {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        while (true) {
            WorkItem next;
            synchronized (this) {
                if (inUse >= slots || (waitingQuery.isEmpty() && waitingIngest.isEmpty())) {
                    draining = false;
                    return;
                }
                next = waitingQuery.isEmpty() ? waitingIngest.pollFirst() : waitingQuery.pollFirst();
                inUse++;
            }
            next.fetchSlot = this;
            try {
                fetch(next);
            } catch (RuntimeException e) {
                logger.error("starting an image URL fetch failed unexpectedly", e);
                next.executor().fail(next, new OpenSearchStatusException(DecodeStage.label(next) + "cannot fetch the image",
                    RestStatus.INTERNAL_SERVER_ERROR), "error");
            }
        }
    }

    private void fetch(WorkItem item) {
        ModelExecutor model = item.executor();
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
