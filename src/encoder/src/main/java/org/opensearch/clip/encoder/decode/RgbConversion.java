package org.opensearch.clip.encoder.decode;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Converts a decoded image to 8-bit {@code TYPE_INT_RGB} the way PIL's {@code convert("RGB")} does:
 * <ul>
 *   <li>alpha is dropped, not composited: a pixel keeps the colour values it stores, whatever its opacity;</li>
 *   <li>palette images take their palette colours; greyscale is copied to all three channels;</li>
 *   <li>stored values are used as they are, without colour management (embedded ICC profiles are ignored, and Java's
 *       linear-gamma treatment of greyscale, which {@link BufferedImage#getRGB} applies, is bypassed);</li>
 *   <li>16-bit samples keep their high byte ({@code v >> 8}), as PIL does for 16-bit RGB PNGs. For 16-bit greyscale
 *       PIL instead clips values above 255 to white, which wrecks the image; this conversion keeps the high byte
 *       there too. Samples of fewer than 8 bits are scaled to 0..255 ({@code v * 255 / max}).</li>
 * </ul>
 * Colour spaces other than RGB and grey (such as CMYK a reader did not convert) go through Java's colour conversion.
 */
final class RgbConversion {

    private RgbConversion() {}

    static BufferedImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int colourSpace = model.getColorSpace().getType();
        if (model instanceof IndexColorModel palette) {
            fromPalette(raster, palette, out);
        } else if (isIntegral(raster) && colourSpace == ColorSpace.TYPE_RGB && model.getNumColorComponents() == 3) {
            fromBands(raster, new int[] { 0, 1, 2 }, out);
        } else if (isIntegral(raster) && colourSpace == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1) {
            fromBands(raster, new int[] { 0, 0, 0 }, out);
        } else {
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, out, y * w, w);
            }
            for (int i = 0; i < out.length; i++) {
                out[i] &= 0xffffff;
            }
        }
        return rgb;
    }

    private static boolean isIntegral(Raster raster) {
        int type = raster.getTransferType();
        return type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT || type == DataBuffer.TYPE_INT;
    }

    private static void fromPalette(Raster raster, IndexColorModel palette, int[] out) {
        int[] colours = new int[Math.max(palette.getMapSize(), 1 << raster.getSampleModel().getSampleSize(0))];
        palette.getRGBs(colours);
        int w = raster.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = colours[row[x]] & 0xffffff;
            }
        }
    }

    /** Packs the samples of {@code bands} (red, green, blue in that order) into RGB pixels, each reduced to 8 bits. */
    private static void fromBands(Raster raster, int[] bands, int[] out) {
        if (fromInterleavedBytes(raster, bands, out)) {
            return;
        }
        int w = raster.getWidth();
        int[] row = new int[w];
        for (int c = 0; c < 3; c++) {
            int bits = raster.getSampleModel().getSampleSize(bands[c]);
            int shift = 16 - 8 * c;
            for (int y = 0; y < raster.getHeight(); y++) {
                raster.getSamples(0, y, w, 1, bands[c], row);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] |= to8Bits(row[x], bits) << shift;
                }
            }
        }
    }

    /**
     * The same for 8-bit samples in one byte array (what the JPEG, PNG and BMP readers mostly give), read from the
     * array directly instead of band by band through the raster; false when the raster is not laid out that way.
     */
    private static boolean fromInterleavedBytes(Raster raster, int[] bands, int[] out) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
            || !(raster.getSampleModel() instanceof ComponentSampleModel model)) {
            return false;
        }
        int[] offsets = new int[3];
        for (int c = 0; c < 3; c++) {
            if (model.getSampleSize(bands[c]) != 8 || model.getBankIndices()[bands[c]] != 0) {
                return false;
            }
            offsets[c] = model.getBandOffsets()[bands[c]];
        }
        byte[] data = buffer.getData();
        int pixelStride = model.getPixelStride();
        int scanline = model.getScanlineStride();
        int w = raster.getWidth();
        int x0 = raster.getMinX() - raster.getSampleModelTranslateX();
        int y0 = raster.getMinY() - raster.getSampleModelTranslateY();
        int red = offsets[0];
        int green = offsets[1];
        int blue = offsets[2];
        for (int y = 0; y < raster.getHeight(); y++) {
            int at = buffer.getOffset() + (y0 + y) * scanline + x0 * pixelStride;
            int row = y * w;
            for (int x = 0; x < w; x++, at += pixelStride) {
                out[row + x] = (data[at + red] & 0xff) << 16 | (data[at + green] & 0xff) << 8 | (data[at + blue] & 0xff);
            }
        }
        return true;
    }

    private static int to8Bits(int sample, int bits) {
        if (bits == 8) {
            return sample & 0xff;
        }
        if (bits > 8) {
            return (sample >>> (bits - 8)) & 0xff;
        }
        return sample * 255 / ((1 << bits) - 1);
    }
}
