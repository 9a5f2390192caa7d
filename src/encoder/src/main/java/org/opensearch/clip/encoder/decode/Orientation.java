package org.opensearch.clip.encoder.decode;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** The eight EXIF orientations, each able to turn stored pixels upright (as PIL's {@code ImageOps.exif_transpose}). */
public enum Orientation {
    /** 1: stored upright. */
    NORMAL,
    /** 2: stored mirrored left to right. */
    MIRROR_HORIZONTAL,
    /** 3: stored upside down. */
    ROTATE_180,
    /** 4: stored mirrored top to bottom. */
    MIRROR_VERTICAL,
    /** 5: stored transposed (mirrored along the main diagonal). */
    TRANSPOSE,
    /** 6: upright after a quarter turn clockwise. */
    ROTATE_90_CLOCKWISE,
    /** 7: stored transversed (mirrored along the anti-diagonal). */
    TRANSVERSE,
    /** 8: upright after a quarter turn anticlockwise. */
    ROTATE_90_ANTICLOCKWISE;

    /** The orientation an EXIF orientation tag value (1 to 8) stands for; any other value means {@link #NORMAL}. */
    public static Orientation fromExif(int tag) {
        return tag >= 1 && tag <= 8 ? values()[tag - 1] : NORMAL;
    }

    /** Whether turning the image upright exchanges its width and height. */
    public boolean swapsAxes() {
        return ordinal() >= TRANSPOSE.ordinal();
    }

    /** Returns {@code rgb} (a {@code TYPE_INT_RGB} image) turned upright; {@link #NORMAL} returns it unchanged. */
    public BufferedImage apply(BufferedImage rgb) {
        if (this == NORMAL) {
            return rgb;
        }
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] src = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int outW = swapsAxes() ? h : w;
        int outH = swapsAxes() ? w : h;
        BufferedImage upright = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) upright.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                dst[y * outW + x] = src[sourceIndex(x, y, w, h)];
            }
        }
        return upright;
    }

    private int sourceIndex(int x, int y, int w, int h) {
        return switch (this) {
            case NORMAL -> y * w + x;
            case MIRROR_HORIZONTAL -> y * w + (w - 1 - x);
            case ROTATE_180 -> (h - 1 - y) * w + (w - 1 - x);
            case MIRROR_VERTICAL -> (h - 1 - y) * w + x;
            case TRANSPOSE -> x * w + y;
            case ROTATE_90_CLOCKWISE -> (h - 1 - x) * w + y;
            case TRANSVERSE -> (h - 1 - x) * w + (w - 1 - y);
            case ROTATE_90_ANTICLOCKWISE -> x * w + (w - 1 - y);
        };
    }
}
