package org.opensearch.clip.encoder.bundle;

/** The text section of a bundle manifest: context length, padding id and whether the encoder takes a mask. */
public record TextConfig(int contextLength, long padId, boolean attentionMask) {}
