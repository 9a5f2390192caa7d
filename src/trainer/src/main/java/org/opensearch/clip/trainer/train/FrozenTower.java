package org.opensearch.clip.trainer.train;

import java.util.Locale;

/** Which tower, if any, keeps its weights during training. */
public enum FrozenTower {
    /** Both towers train. */
    NONE,
    /** The image encoder is frozen; the text encoder and the temperature train. */
    IMAGE,
    /** The text encoder is frozen; the image encoder and the temperature train. */
    TEXT,
    /**
     * LiT-style locked text ({@code --lock-text}): the text encoder is frozen, each distinct token row is encoded once
     * and its features reused, and the text encoder file is copied into the new bundle unchanged.
     */
    LOCKED_TEXT;

    /** Whether the text encoder keeps its weights. */
    public boolean textFrozen() {
        return this == TEXT || this == LOCKED_TEXT;
    }

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
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
