package org.opensearch.clip.encoder.bundle;

import java.util.List;

/** The image section of a bundle manifest: how pixels are prepared for the image encoder. */
public record ImageConfig(int size, int resize, String interpolation, String crop, List<Double> mean, List<Double> std) {}
