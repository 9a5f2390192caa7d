package org.opensearch.clip.plugin.embed;

import java.util.Locale;

/** Which queue a piece of embedding work waits in: searches go ahead of ingest and are bounded separately. */
public enum Lane {
    /** Query embeddings: a search waits for them. */
    QUERY,
    /** Ingest embeddings: bulk work, served when no query waits. */
    INGEST;

    /** The lane's name in stats and messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
