package org.opensearch.clip.plugin.embed;

import java.util.List;

/**
 * One vector to compute: the normalised weighted mean of its parts' embeddings (a single part: its embedding).
 *
 * @param group the document (or query) the input belongs to, counted against the per-document image cap; inputs of
 *              one group fail together when the group is refused
 * @param label names the input in failure messages, e.g. {@code [clip_embedding] field [photo]}
 * @param parts the texts and images, at least one
 */
public record EmbeddingInput(int group, String label, List<EmbeddingPart> parts) {

    /** At least one part. */
    public EmbeddingInput {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("an input needs at least one part");
        }
        parts = List.copyOf(parts);
    }

    /** How many of the parts are images. */
    public int imageCount() {
        int n = 0;
        for (EmbeddingPart part : parts) {
            n += part.isImage() ? 1 : 0;
        }
        return n;
    }
}
