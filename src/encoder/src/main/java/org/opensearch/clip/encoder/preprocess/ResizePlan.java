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

    static ResizePlan of(int sourceWidth, int sourceHeight, int resize, int crop) {
        int width;
        int height;
        if (sourceWidth <= sourceHeight) {
            width = resize;
            height = (int) ((double) ((long) resize * sourceHeight) / sourceWidth);
        } else {
            width = (int) ((double) ((long) resize * sourceWidth) / sourceHeight);
            height = resize;
        }
        return new ResizePlan(width, height, centre(width, crop), centre(height, crop));
    }

    private static int centre(int side, int crop) {
        return (int) Math.rint((side - crop) / 2.0);
    }
}
