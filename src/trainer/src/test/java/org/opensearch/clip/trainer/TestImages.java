package org.opensearch.clip.trainer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small generated test images: a coloured background with a lighter or darker shape, written as PNG. */
public final class TestImages {
    private TestImages() {}

    /** Writes a 48x48 PNG of {@code color} with a square ({@code variant} even) or disc (odd) whose size varies with it. */
    public static Path png(Path file, Color color, int variant) throws IOException {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(color);
            g.fillRect(0, 0, 48, 48);
            g.setColor(variant % 3 == 0 ? color.brighter() : color.darker());
            int inset = 6 + 3 * (variant % 4);
            if (variant % 2 == 0) {
                g.fillRect(inset, inset, 48 - 2 * inset, 48 - 2 * inset);
            } else {
                g.fillOval(inset, inset, 48 - 2 * inset, 48 - 2 * inset);
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
