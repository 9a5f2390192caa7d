package org.opensearch.clip.encoder.bench;

import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.runtime.DeviceSpec;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Measures, in one run on one machine, what a node spends per image and per text with a given bundle: decoding and
 * preprocessing, then encoding one at a time (the baseline) against batches, printed as times and ratios.
 *
 * <p>Usage: {@code EncodeBenchmark <bundle dir|zip> <images dir> [device] [seconds per measurement]}; run it with
 * {@code src/tools/bench-encode.sh}.
 */
public final class EncodeBenchmark {
    private static final int BATCH = 32;
    private static final List<String> TEXTS = List.of(
        "a photo of a cat", "a cup of coffee on a table", "an astronaut in a white suit", "a rocket launch",
        "a grey camera man", "the deep field of a space telescope", "a red heart", "a slice of pizza"
    );

    private EncodeBenchmark() {}

    public static void main(String[] args) throws IOException, ImageDecodeException {
        if (args.length < 2) {
            System.err.println("usage: EncodeBenchmark <bundle dir|zip> <images dir> [device=cpu] [seconds=5]");
            System.exit(2);
        }
        Path bundlePath = Path.of(args[0]);
        Path imagesDir = Path.of(args[1]);
        DeviceSpec deviceSpec = DeviceSpec.parse(args.length > 2 ? args[2] : "cpu");
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 5.0;
        Path work = Files.createTempDirectory("clip-bench");
        DjlRuntime runtime = DjlRuntime.start(work.resolve("djl"), 0);
        ModelBundle bundle = ModelBundle.open(bundlePath, work.resolve("bundle"));
        List<byte[]> images = readImages(imagesDir);
        try (ClipEncoder encoder = ClipEncoder.load(bundle, runtime.device(deviceSpec))) {
            System.out.printf(Locale.ROOT, "model %s %s, dimension %d, image size %d, device %s, libtorch %s, %d cores%n",
                encoder.manifest().name(), encoder.manifest().version(), encoder.manifest().embeddingDim(),
                encoder.manifest().image().size(), encoder.deviceName(), runtime.engineVersion(),
                Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "%d images from %s, %d texts, %.0f s per measurement%n",
                images.size(), imagesDir, TEXTS.size(), seconds);

            List<float[]> pixels = new ArrayList<>();
            for (byte[] image : images) {
                pixels.add(encoder.preprocess(image, ImageLimits.DEFAULT));
            }
            double preprocessMs = perItemMillis(seconds, images.size(), i -> preprocess(encoder, images.get(i)));
            List<float[]> batch = cycle(pixels, BATCH);
            List<String> textBatch = cycle(TEXTS, BATCH);
            double image1 = perItemMillis(seconds, pixels.size(), i -> encoder.encodeImages(List.of(pixels.get(i)), 1));
            double imageN = perItemMillis(seconds, BATCH, i -> {
                if (i == 0) {
                    encoder.encodeImages(batch, BATCH);
                }
            });
            double text1 = perItemMillis(seconds, TEXTS.size(), i -> encoder.encodeTexts(List.of(TEXTS.get(i)), 1));
            double textN = perItemMillis(seconds, BATCH, i -> {
                if (i == 0) {
                    encoder.encodeTexts(textBatch, BATCH);
                }
            });

            System.out.println();
            System.out.printf(Locale.ROOT, "%-34s %12s %12s%n", "step", "ms/item", "items/s");
            row("decode + preprocess (1 thread)", preprocessMs);
            row("image encode, batch 1 (baseline)", image1);
            row("image encode, batch " + BATCH, imageN);
            row("text encode, batch 1 (baseline)", text1);
            row("text encode, batch " + BATCH, textN);
            row("image end to end, batch 1", preprocessMs + image1);
            System.out.println();
            System.out.printf(Locale.ROOT, "image batch %d vs batch 1: %.2fx throughput%n", BATCH, image1 / imageN);
            System.out.printf(Locale.ROOT, "text  batch %d vs batch 1: %.2fx throughput%n", BATCH, text1 / textN);
            System.out.printf(Locale.ROOT, "preprocessing share of a batch-1 image: %.0f%%%n",
                100 * preprocessMs / (preprocessMs + image1));
        }
    }

    private static void preprocess(ClipEncoder encoder, byte[] image) {
        try {
            encoder.preprocess(image, ImageLimits.DEFAULT);
        } catch (ImageDecodeException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Warms up for a fifth of the budget, then repeats rounds over {@code items} until the budget is spent. */
    private static double perItemMillis(double seconds, int items, IntConsumer step) {
        long warmUntil = System.nanoTime() + (long) (seconds * 2e8);
        while (System.nanoTime() < warmUntil) {
            for (int i = 0; i < items; i++) {
                step.accept(i);
            }
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long done = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < items; i++) {
                step.accept(i);
            }
            done += items;
        }
        return (System.nanoTime() - start) / 1e6 / done;
    }

    private static void row(String step, double msPerItem) {
        System.out.printf(Locale.ROOT, "%-34s %12.3f %12.1f%n", step, msPerItem, 1000 / msPerItem);
    }

    private static <T> List<T> cycle(List<T> items, int count) {
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(items.get(i % items.size()));
        }
        return out;
    }

    private static List<byte[]> readImages(Path dir) throws IOException {
        List<byte[]> images = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.matches(".*\\.(jpe?g|png|gif|bmp|webp)") && !name.startsWith("corrupt")) {
                    images.add(Files.readAllBytes(file));
                }
            }
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images in " + dir);
        }
        return images;
    }
}
