package org.opensearch.clip.trainer.emoji;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Names the dominant colour of an emoji picture: every opaque pixel is given one of eleven basic colour names by
 * hue, saturation and brightness, and a name that covers at least 40% of them is the picture's colour. Emoji names
 * rarely say the colour people search by ({@code HEAVY BLACK HEART} is red), so the reader adds it as a caption.
 */
final class EmojiColour {
    /** The colour names, all in the default model's vocabulary. */
    static final List<String> NAMES = List.of("red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white", "gray");

    private static final double DOMINANT_SHARE = 0.4;

    private EmojiColour() {}

    /** The dominant colour of the image in {@code file}, if one colour covers enough of its opaque pixels. */
    static Optional<String> of(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("not a readable image: " + file);
        }
        int[] counts = new int[NAMES.size()];
        int opaque = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                if ((argb >>> 24) < 128) {
                    continue;
                }
                opaque++;
                counts[NAMES.indexOf(name((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff))]++;
            }
        }
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return opaque > 0 && counts[best] >= DOMINANT_SHARE * opaque ? Optional.of(NAMES.get(best)) : Optional.empty();
    }

    /** The basic colour name of one pixel. */
    static String name(int r, int g, int b) {
        float[] hsv = java.awt.Color.RGBtoHSB(r, g, b, null);
        double hue = hsv[0] * 360;
        double saturation = hsv[1];
        double value = hsv[2];
        if (value < 0.2) {
            return "black";
        }
        if (saturation < 0.15) {
            return value > 0.85 ? "white" : "gray";
        }
        if (hue < 20 || hue >= 340) {
            return saturation < 0.5 && value > 0.7 ? "pink" : "red";
        }
        if (hue < 40) {
            return value < 0.6 ? "brown" : "orange";
        }
        if (hue < 70) {
            return value < 0.5 ? "brown" : "yellow";
        }
        if (hue < 170) {
            return "green";
        }
        if (hue < 260) {
            return "blue";
        }
        if (hue < 300) {
            return "purple";
        }
        return "pink";
    }
}
