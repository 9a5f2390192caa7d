package org.opensearch.clip.plugin.embed;

import java.util.Objects;

/**
 * One text or one image that goes into an embedding, with its weight in the input's weighted mean (negative for
 * embedding arithmetic such as "minus this text").
 *
 * @param text   the text, or null for an image part
 * @param image  the image, or null for a text part
 * @param weight the weight in the input's mean
 */
public record EmbeddingPart(String text, ImageSource image, double weight) {

    /** Exactly one of text and image; a finite weight. */
    public EmbeddingPart {
        if ((text == null) == (image == null)) {
            throw new IllegalArgumentException("a part is a text or an image");
        }
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight must be finite, got " + weight);
        }
    }

    /** A text part. */
    public static EmbeddingPart text(String text, double weight) {
        return new EmbeddingPart(Objects.requireNonNull(text), null, weight);
    }

    /** An image part. */
    public static EmbeddingPart image(ImageSource image, double weight) {
        return new EmbeddingPart(null, Objects.requireNonNull(image), weight);
    }

    /** Whether this part is an image. */
    public boolean isImage() {
        return image != null;
    }
}
