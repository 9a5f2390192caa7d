package org.opensearch.clip.trainer.train;

import java.util.Locale;

/** Which tower, if any, keeps its weights during training. */
public enum FrozenTower {
    /** Both towers train. */
    NONE,
    /** The image encoder is frozen; the text encoder and the temperature train. */
    IMAGE,
    /** The text encoder is frozen; the image encoder and the temperature train. */
    TEXT;

    /** Parses {@code none}, {@code image} or {@code text}. */
    public static FrozenTower parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--freeze must be none, image or text, got [" + value + "]", e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
