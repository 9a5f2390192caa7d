package org.opensearch.clip.plugin.bench.ingest;

import org.opensearch.clip.plugin.testcluster.SampleImages;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Photo-sized JPEGs (640 x 480, quality 90) made from random crops of the sample photos with sensor-like noise, so
 * every file differs and decodes like a camera picture; seeded, so every run uses the same bytes.
 */
final class PhotoSet {
    private PhotoSet() {}

    static List<byte[]> generate(int count, long seed) throws IOException {
        List<BufferedImage> sources = new ArrayList<>();
        for (String name : List.of("cat.jpg", "coffee.jpg", "astronaut.jpg", "rocket-progressive.jpg", "camera-grey.jpg")) {
            sources.add(ImageIO.read(new java.io.ByteArrayInputStream(SampleImages.named(name).bytes())));
        }
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BufferedImage source = sources.get(i % sources.size());
            out.add(jpeg(photo(source, random)));
        }
        return out;
    }

    private static BufferedImage photo(BufferedImage source, Random random) {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        int cropWidth = source.getWidth() * (70 + random.nextInt(31)) / 100;
        int cropHeight = Math.min(source.getHeight(), cropWidth * 3 / 4);
        int x = random.nextInt(source.getWidth() - cropWidth + 1);
        int y = random.nextInt(source.getHeight() - cropHeight + 1);
        g.drawImage(source, 0, 0, 640, 480, x, y, x + cropWidth, y + cropHeight, null);
        g.dispose();
        for (int py = 0; py < 480; py++) {
            for (int px = 0; px < 640; px++) {
                int rgb = image.getRGB(px, py);
                int noise = (int) Math.round(random.nextGaussian() * 2.5);
                int r = clamp(((rgb >> 16) & 0xff) + noise);
                int gr = clamp(((rgb >> 8) & 0xff) + noise);
                int b = clamp((rgb & 0xff) + noise);
                image.setRGB(px, py, r << 16 | gr << 8 | b);
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
