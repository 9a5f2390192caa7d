package org.opensearch.clip.encoder.decode;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CMYK JPEGs converted to RGB the way PIL does it. PIL reads the four stored samples as inverted (Adobe-convention)
 * CMYK and computes, without colour management, {@code R = nk - round(C * nk / 255)} with {@code nk = 255 - K} (in its
 * integer arithmetic), and likewise G from M and B from Y. This applies to four-component JPEGs stored as CMYK; YCCK
 * (Adobe transform 2) needs libjpeg's YCC conversion first and is left to the reader's own conversion.
 */
final class JpegCmyk {

    private static final int APP14 = 0xee;
    private static final byte[] ADOBE = "Adobe".getBytes(StandardCharsets.US_ASCII);
    private static final int YCCK_TRANSFORM = 2;

    private JpegCmyk() {}

    /** Whether {@code jpeg} stores four CMYK components (not YCCK), which {@link #toRgb} converts as PIL does. */
    static boolean isStoredCmyk(byte[] jpeg, List<JpegSegment> segments) {
        int components = -1;
        int transform = -1;
        for (JpegSegment segment : segments) {
            int payload = segment.start() + 4;
            if (segment.isFrameHeader() && components < 0 && payload + 5 < segment.end()) {
                components = jpeg[payload + 5] & 0xff; // precision (1), height (2), width (2), components (1)
            } else if (segment.marker() == APP14 && segment.payloadStartsWith(jpeg, ADOBE) && payload + 11 < segment.end()) {
                transform = jpeg[payload + 11] & 0xff; // "Adobe", version (2), flags (2 + 2), transform (1)
            }
        }
        return components == 4 && transform != YCCK_TRANSFORM;
    }

    /** Converts the raw, inverted CMYK samples of {@code raster} (four bands, 8 bits) to RGB with PIL's formula. */
    static BufferedImage toRgb(Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int[] row = new int[w * 4];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int nk = row[4 * x + 3]; // stored inverted: 255 - K
                int r = channel(255 - row[4 * x], nk);
                int g = channel(255 - row[4 * x + 1], nk);
                int b = channel(255 - row[4 * x + 2], nk);
                out[y * w + x] = r << 16 | g << 8 | b;
            }
        }
        return rgb;
    }

    /** {@code nk - c * nk / 255}, rounded as PIL's {@code MULDIV255} rounds. */
    private static int channel(int c, int nk) {
        int t = c * nk + 128;
        return nk - (((t >> 8) + t) >> 8);
    }
}
