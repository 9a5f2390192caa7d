package org.opensearch.clip.trainer.emoji;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EmojiColourTest {
    @Test
    void namesPixelsByHueSaturationAndBrightness() {
        assertEquals("red", EmojiColour.name(221, 46, 68));
        assertEquals("orange", EmojiColour.name(244, 144, 12));
        assertEquals("yellow", EmojiColour.name(255, 204, 77));
        assertEquals("green", EmojiColour.name(120, 177, 89));
        assertEquals("blue", EmojiColour.name(85, 172, 238));
        assertEquals("purple", EmojiColour.name(170, 142, 214));
        assertEquals("pink", EmojiColour.name(244, 171, 186));
        assertEquals("brown", EmojiColour.name(140, 90, 40));
        assertEquals("black", EmojiColour.name(20, 20, 25));
        assertEquals("white", EmojiColour.name(245, 245, 245));
        assertEquals("gray", EmojiColour.name(128, 130, 128));
    }

    @Test
    void theDominantColourIgnoresTransparentPixels(@TempDir Path dir) throws Exception {
        // a red disc on a transparent background: most of the square is transparent black
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(221, 46, 68));
        g.fillOval(20, 20, 24, 24);
        g.dispose();
        Path file = dir.resolve("disc.png");
        ImageIO.write(image, "png", file.toFile());
        assertEquals(Optional.of("red"), EmojiColour.of(file));

        // three equal stripes: no colour covers 40%
        BufferedImage flag = new BufferedImage(60, 60, BufferedImage.TYPE_INT_ARGB);
        g = flag.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, 20, 60);
        g.setColor(Color.WHITE);
        g.fillRect(20, 0, 20, 60);
        g.setColor(Color.RED);
        g.fillRect(40, 0, 20, 60);
        g.dispose();
        Path tricolour = dir.resolve("flag.png");
        ImageIO.write(flag, "png", tricolour.toFile());
        assertEquals(Optional.empty(), EmojiColour.of(tricolour));
    }
}
