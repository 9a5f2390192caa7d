package org.opensearch.clip.plugin.bench;

import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestClient;
import org.opensearch.clip.plugin.testcluster.RestResponse;
import org.opensearch.clip.plugin.testcluster.SampleImages;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Real embeddings from the node's default model: the sample images, each cropped, flipped and re-lit into many
 * variants, embedded by the {@code clip_embedding} processor through the simulate-pipeline API; then repeated with
 * a small Gaussian jitter (re-normalised) up to the number of documents wanted. Some variants of every image are
 * held out: jittered, they are the queries.
 */
final class ImageEmbeddings {
    private static final int VARIANTS = 40;
    private static final int HELD_OUT = 5;
    private static final int SIMULATE_BATCH = 40;

    private ImageEmbeddings() {}

    static Dataset dataset(RestClient client, int docs, int queries, long seed) {
        Random random = new Random(seed);
        List<float[]> indexed = new ArrayList<>();
        List<float[]> held = new ArrayList<>();
        List<SampleImages.Image> images = SampleImages.decodable();
        for (SampleImages.Image image : images) {
            List<String> variants = new ArrayList<>();
            BufferedImage original = read(image.bytes());
            for (int v = 0; v < VARIANTS; v++) {
                variants.add(variant(original, random));
            }
            List<float[]> embedded = embed(client, variants);
            indexed.addAll(embedded.subList(0, VARIANTS - HELD_OUT));
            held.addAll(embedded.subList(VARIANTS - HELD_OUT, VARIANTS));
            System.out.printf(Locale.ROOT, "[bench] embedded %d variants of %s%n", VARIANTS, image.file());
        }
        double spacing = medianNearestDistance(indexed);
        double sigma = 0.25 * spacing / Math.sqrt(indexed.get(0).length);
        float[][] docVectors = new float[docs][];
        for (int i = 0; i < docs; i++) {
            docVectors[i] = jitter(indexed.get(i % indexed.size()), sigma, random);
        }
        float[][] queryVectors = new float[queries][];
        for (int i = 0; i < queries; i++) {
            queryVectors[i] = jitter(held.get(i % held.size()), sigma, random);
        }
        String description = String.format(Locale.ROOT, "real embeddings of %d variants (crops, flips, lighting) of the %d sample "
            + "images by the default model, each repeated with Gaussian jitter sigma %.4f per dimension (a quarter of the median "
            + "distance %.3f between nearest variants) up to %d documents; queries: %d held-out variants, jittered", images.size()
            * (VARIANTS - HELD_OUT), images.size(), sigma, spacing, docs, images.size() * HELD_OUT);
        return new Dataset("images", description, docVectors, queryVectors);
    }

    private static BufferedImage read(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("no image reader for a sample image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random crop (55-100 % of each side), maybe mirrored, brightness 70-130 %, at most 224 px, as base64 JPEG. */
    private static String variant(BufferedImage original, Random random) {
        int w = original.getWidth();
        int h = original.getHeight();
        int cw = Math.max(8, (int) (w * (0.55 + 0.45 * random.nextDouble())));
        int ch = Math.max(8, (int) (h * (0.55 + 0.45 * random.nextDouble())));
        int x = random.nextInt(w - Math.min(cw, w) + 1);
        int y = random.nextInt(h - Math.min(ch, h) + 1);
        double scale = Math.min(1.0, 224.0 / Math.max(cw, ch));
        int ow = Math.max(8, (int) (cw * scale));
        int oh = Math.max(8, (int) (ch * scale));
        boolean mirror = random.nextBoolean();
        float light = (float) (0.7 + 0.6 * random.nextDouble());
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(original, mirror ? ow : 0, 0, mirror ? 0 : ow, oh, x, y, x + cw, y + ch, null);
        g.dispose();
        for (int py = 0; py < oh; py++) {
            for (int px = 0; px < ow; px++) {
                int rgb = out.getRGB(px, py);
                int r = Math.min(255, (int) (((rgb >> 16) & 0xff) * light));
                int gr = Math.min(255, (int) (((rgb >> 8) & 0xff) * light));
                int b = Math.min(255, (int) ((rgb & 0xff) * light));
                out.setRGB(px, py, (r << 16) | (gr << 8) | b);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(out, "jpg", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** Embeds images with the node's default model, through the simulate-pipeline API. */
    private static List<float[]> embed(RestClient client, List<String> images) {
        List<float[]> out = new ArrayList<>();
        for (int from = 0; from < images.size(); from += SIMULATE_BATCH) {
            List<Object> docs = new ArrayList<>();
            for (String image : images.subList(from, Math.min(images.size(), from + SIMULATE_BATCH))) {
                docs.add(Map.of("_source", Map.of("image", image)));
            }
            RestResponse response = client.post("/_ingest/pipeline/_simulate", Map.of(
                "pipeline", Map.of("processors", List.of(Map.of("clip_embedding", Map.of("field_map", Map.of("image", "vector"))))),
                "docs", docs)).assertOk();
            for (Object doc : response.list("docs")) {
                out.add(floats(Json.at(doc, "doc._source.vector")));
            }
        }
        return out;
    }

    private static float[] floats(Object list) {
        List<?> values = (List<?>) list;
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }

    private static double medianNearestDistance(List<float[]> vectors) {
        double[] nearest = new double[vectors.size()];
        for (int i = 0; i < vectors.size(); i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < vectors.size(); j++) {
                if (i != j) {
                    double sum = 0;
                    for (int d = 0; d < vectors.get(i).length; d++) {
                        double diff = vectors.get(i)[d] - vectors.get(j)[d];
                        sum += diff * diff;
                    }
                    best = Math.min(best, sum);
                }
            }
            nearest[i] = Math.sqrt(best);
        }
        Arrays.sort(nearest);
        return nearest[nearest.length / 2];
    }

    private static float[] jitter(float[] base, double sigma, Random random) {
        float[] out = new float[base.length];
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (base[i] + random.nextGaussian() * sigma);
            sum += (double) out[i] * out[i];
        }
        double norm = Math.sqrt(sum);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] / norm);
        }
        return out;
    }
}
