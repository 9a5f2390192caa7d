package org.opensearch.clip.plugin.testcluster;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Small encoded images that claim a lot: extreme aspect ratios and decompression bombs as 1-bit PNGs of a few
 * kilobytes, made on the fly so no large file is committed.
 */
public final class HostileImages {
    private HostileImages() {}

    /** A 1-bit PNG of {@code width x height} pixels, all black except a white first column. */
    public static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < height; y++) {
            image.getRaster().setSample(0, y, 0, 1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The same as base64, as a document or a query carries it. */
    public static String base64Png(int width, int height) {
        return Base64.getEncoder().encodeToString(png(width, height));
    }
}
