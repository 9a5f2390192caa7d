package org.opensearch.clip.encoder.preprocess;

/**
 * The geometry of CLIP's resize and centre crop for one image, following torchvision: the shortest side becomes
 * {@code resize} and the other {@code (int) (resize * long / short)} (truncated); the crop starts at
 * {@code round((side - crop) / 2)} with Python's round-half-to-even.
 *
 * @param width    the resized width
 * @param height   the resized height
 * @param cropLeft the first column of the crop in the resized image
 * @param cropTop  the first row of the crop in the resized image
 */
record ResizePlan(int width, int height, int cropLeft, int cropTop) {

    /**
     * The plan for a {@code sourceWidth x sourceHeight} image.
     *
     * @throws IllegalArgumentException when the image is so elongated that its resized long side would not fit in an
     *                                  int (more than 2^31 - 1 samples), which no resize can represent
     */
    static ResizePlan of(int sourceWidth, int sourceHeight, int resize, int crop) {
        int width;
        int height;
        if (sourceWidth <= sourceHeight) {
            width = resize;
            height = longSide(sourceWidth, sourceHeight, resize);
        } else {
            width = longSide(sourceWidth, sourceHeight, resize);
            height = resize;
        }
        return new ResizePlan(width, height, centre(width, crop), centre(height, crop));
    }

    private static int longSide(int sourceWidth, int sourceHeight, int resize) {
        int shortSide = Math.min(sourceWidth, sourceHeight);
        int longSide = Math.max(sourceWidth, sourceHeight);
        double resized = (double) ((long) resize * longSide) / shortSide;
        if (resized >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image is " + sourceWidth + "x" + sourceHeight + " pixels: its aspect ratio is too extreme to "
                + "resize its short side to " + resize + " pixels (the long side would be " + (long) resized + " pixels)");
        }
        return (int) resized;
    }

    private static int centre(int side, int crop) {
        return (int) Math.rint((side - crop) / 2.0);
    }
}
