package org.opensearch.clip.encoder.preprocess;

import java.awt.image.BufferedImage;
import java.util.Arrays;

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
        int[][] rows = horizontalPass(source, horizontal, firstRow, lastRow, left, windowWidth);
        if (vertical == null) {
            return pack(rows[0], rows[1], rows[2], new int[windowWidth * windowHeight], 0, windowWidth * windowHeight);
        }
        return verticalPass(rows, vertical, firstRow, top, windowWidth, windowHeight);
    }

    /**
     * Resamples rows {@code firstRow..lastRow} of the source to the window's columns, reading only the columns they
     * use; the result is one plane of 8-bit values per channel (red, green, blue), row by row.
     */
    private static int[][] horizontalPass(BufferedImage source, AxisKernel kernel, int firstRow, int lastRow, int left, int windowWidth) {
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
        int[] red = new int[columns];
        int[] green = new int[columns];
        int[] blue = new int[columns];
        int size = (lastRow - firstRow + 1) * windowWidth;
        int[] outRed = new int[size];
        int[] outGreen = new int[size];
        int[] outBlue = new int[size];
        int[] weights = kernel == null ? null : kernel.weights();
        for (int y = firstRow; y <= lastRow; y++) {
            source.getRaster().getDataElements(fromColumn, y, columns, 1, row);
            for (int i = 0; i < columns; i++) {
                int pixel = row[i];
                red[i] = (pixel >>> 16) & 0xff;
                green[i] = (pixel >>> 8) & 0xff;
                blue[i] = pixel & 0xff;
            }
            int base = (y - firstRow) * windowWidth;
            for (int x = 0; x < windowWidth; x++) {
                int column = left + x;
                if (kernel == null) {
                    outRed[base + x] = red[column - fromColumn];
                    outGreen[base + x] = green[column - fromColumn];
                    outBlue[base + x] = blue[column - fromColumn];
                    continue;
                }
                int start = kernel.first(column) - fromColumn;
                int at = kernel.weightOffset(column);
                int r = AxisKernel.ROUNDING;
                int g = AxisKernel.ROUNDING;
                int b = AxisKernel.ROUNDING;
                for (int tap = 0, n = kernel.count(column); tap < n; tap++) {
                    int weight = weights[at + tap];
                    r += red[start + tap] * weight;
                    g += green[start + tap] * weight;
                    b += blue[start + tap] * weight;
                }
                outRed[base + x] = AxisKernel.toByte(r);
                outGreen[base + x] = AxisKernel.toByte(g);
                outBlue[base + x] = AxisKernel.toByte(b);
            }
        }
        return new int[][] { outRed, outGreen, outBlue };
    }

    /**
     * Resamples the planes of rows down the columns: each output row is the weighted sum of whole input rows, so the
     * inner loop runs along a row.
     */
    private static int[] verticalPass(int[][] rows, AxisKernel kernel, int firstRow, int top, int windowWidth, int windowHeight) {
        int[] out = new int[windowWidth * windowHeight];
        int[] red = new int[windowWidth];
        int[] green = new int[windowWidth];
        int[] blue = new int[windowWidth];
        int[] inRed = rows[0];
        int[] inGreen = rows[1];
        int[] inBlue = rows[2];
        int[] weights = kernel.weights();
        for (int y = 0; y < windowHeight; y++) {
            Arrays.fill(red, AxisKernel.ROUNDING);
            Arrays.fill(green, AxisKernel.ROUNDING);
            Arrays.fill(blue, AxisKernel.ROUNDING);
            int first = (kernel.first(top + y) - firstRow) * windowWidth;
            int at = kernel.weightOffset(top + y);
            for (int tap = 0, n = kernel.count(top + y); tap < n; tap++) {
                int weight = weights[at + tap];
                int from = first + tap * windowWidth;
                for (int x = 0; x < windowWidth; x++) {
                    red[x] += inRed[from + x] * weight;
                    green[x] += inGreen[from + x] * weight;
                    blue[x] += inBlue[from + x] * weight;
                }
            }
            for (int x = 0; x < windowWidth; x++) {
                red[x] = AxisKernel.toByte(red[x]);
                green[x] = AxisKernel.toByte(green[x]);
                blue[x] = AxisKernel.toByte(blue[x]);
            }
            pack(red, green, blue, out, y * windowWidth, windowWidth);
        }
        return out;
    }

    /** Packs {@code count} 8-bit values of three planes into RGB pixels at {@code offset} of {@code out}. */
    private static int[] pack(int[] red, int[] green, int[] blue, int[] out, int offset, int count) {
        for (int i = 0; i < count; i++) {
            out[offset + i] = red[i] << 16 | green[i] << 8 | blue[i];
        }
        return out;
    }
}
