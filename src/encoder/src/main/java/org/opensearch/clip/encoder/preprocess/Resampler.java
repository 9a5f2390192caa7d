package org.opensearch.clip.encoder.preprocess;

import java.awt.image.BufferedImage;

/**
 * Resizes an RGB image the way PIL's {@code Image.resize} does for 8-bit images: a horizontal pass, then a vertical
 * pass, each a convolution with {@link AxisKernel} weights, the intermediate image rounded and clamped to 8 bits
 * between the passes. An axis whose size does not change is not resampled. Only a window of the resized image is
 * computed, which is all a centre crop needs; each output pixel has the value a full resize would give it.
 */
final class Resampler {

    private Resampler() {}

    /**
     * Resizes {@code source} (a {@code TYPE_INT_RGB} image) to {@code width} x {@code height} and returns the
     * packed RGB pixels of the window at ({@code left}, {@code top}) of {@code windowWidth} x {@code windowHeight},
     * row by row.
     */
    static int[] resize(
        BufferedImage source,
        Interpolation filter,
        int width,
        int height,
        int left,
        int top,
        int windowWidth,
        int windowHeight
    ) {
        AxisKernel horizontal = width == source.getWidth() ? null : new AxisKernel(filter, source.getWidth(), width, left, windowWidth);
        AxisKernel vertical = height == source.getHeight() ? null : new AxisKernel(filter, source.getHeight(), height, top, windowHeight);
        int firstRow = vertical == null ? top : vertical.first(top);
        int lastRow = top + windowHeight - 1;
        if (vertical != null) {
            lastRow = 0;
            for (int y = top; y < top + windowHeight; y++) {
                lastRow = Math.max(lastRow, vertical.first(y) + vertical.count(y) - 1);
            }
        }
        int[] rows = horizontalPass(source, horizontal, firstRow, lastRow, left, windowWidth);
        if (vertical == null) {
            return rows;
        }
        return verticalPass(rows, vertical, firstRow, top, windowWidth, windowHeight);
    }

    /** Resamples rows {@code firstRow..lastRow} of the source to the window's columns, reading only the columns they use. */
    private static int[] horizontalPass(BufferedImage source, AxisKernel kernel, int firstRow, int lastRow, int left, int windowWidth) {
        int fromColumn = left;
        int toColumn = left + windowWidth - 1;
        if (kernel != null) {
            fromColumn = kernel.first(left);
            toColumn = fromColumn;
            for (int x = left; x < left + windowWidth; x++) {
                toColumn = Math.max(toColumn, kernel.first(x) + kernel.count(x) - 1);
            }
        }
        int columns = toColumn - fromColumn + 1;
        int[] row = new int[columns];
        int[] out = new int[(lastRow - firstRow + 1) * windowWidth];
        for (int y = firstRow; y <= lastRow; y++) {
            source.getRaster().getDataElements(fromColumn, y, columns, 1, row);
            int base = (y - firstRow) * windowWidth;
            for (int x = 0; x < windowWidth; x++) {
                int column = left + x;
                out[base + x] = kernel == null ? row[column - fromColumn] : convolve(row, kernel, column, kernel.first(column) - fromColumn, 1);
            }
        }
        return out;
    }

    private static int[] verticalPass(int[] rows, AxisKernel kernel, int firstRow, int top, int windowWidth, int windowHeight) {
        int[] out = new int[windowWidth * windowHeight];
        for (int y = 0; y < windowHeight; y++) {
            int start = (kernel.first(top + y) - firstRow) * windowWidth;
            for (int x = 0; x < windowWidth; x++) {
                out[y * windowWidth + x] = convolve(rows, kernel, top + y, start + x, windowWidth);
            }
        }
        return out;
    }

    /**
     * Output sample {@code out} of {@code kernel}: the weighted sum of its {@code kernel.count(out)} packed RGB input
     * pixels, the first at {@code start} in {@code pixels} and the others {@code stride} apart.
     */
    private static int convolve(int[] pixels, AxisKernel kernel, int out, int start, int stride) {
        int red = AxisKernel.ROUNDING;
        int green = AxisKernel.ROUNDING;
        int blue = AxisKernel.ROUNDING;
        for (int tap = 0, n = kernel.count(out); tap < n; tap++) {
            int pixel = pixels[start + tap * stride];
            int weight = kernel.weight(out, tap);
            red += ((pixel >>> 16) & 0xff) * weight;
            green += ((pixel >>> 8) & 0xff) * weight;
            blue += (pixel & 0xff) * weight;
        }
        return AxisKernel.toByte(red) << 16 | AxisKernel.toByte(green) << 8 | AxisKernel.toByte(blue);
    }
}
