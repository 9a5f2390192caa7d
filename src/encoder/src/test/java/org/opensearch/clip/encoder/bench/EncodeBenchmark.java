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
    private static final int MIN_ROUNDS = 3;
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final List<String> TEXTS = List.of(
        "a photo of a cat", "a cup of coffee on a table", "an astronaut in a white suit", "a rocket launch",
        "a grey camera man", "the deep field of a space telescope", "a red heart", "a slice of pizza"
    );

    private EncodeBenchmark() {}

    public static void main(String[] args) throws IOException, ImageDecodeException {
        if (args.length < 2) {
            System.err.println("usage: EncodeBenchmark <bundle dir|zip> <images dir> [device=cpu] [seconds=5] [torch threads=0: libtorch's default]");
            System.exit(2);
        }
        Path bundlePath = Path.of(args[0]);
        Path imagesDir = Path.of(args[1]);
        DeviceSpec deviceSpec = DeviceSpec.parse(args.length > 2 ? args[2] : "cpu");
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 5.0;
        int torchThreads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Path work = Files.createTempDirectory("clip-bench");
        DjlRuntime runtime = DjlRuntime.start(work.resolve("djl"), torchThreads);
        ModelBundle bundle = ModelBundle.open(bundlePath, work.resolve("bundle"));
        List<byte[]> images = readImages(imagesDir);
        try (ClipEncoder encoder = ClipEncoder.load(bundle, runtime.device(deviceSpec))) {
            System.out.printf(Locale.ROOT, "model %s %s, dimension %d, image size %d, device %s, libtorch %s, %d cores, torch threads %s%n",
                encoder.manifest().name(), encoder.manifest().version(), encoder.manifest().embeddingDim(),
                encoder.manifest().image().size(), encoder.deviceName(), runtime.engineVersion(),
                Runtime.getRuntime().availableProcessors(), torchThreads == 0 ? "default" : Integer.toString(torchThreads));
            System.out.printf(Locale.ROOT, "%d images from %s, %d texts, %.0f s per measurement%n",
                images.size(), imagesDir, TEXTS.size(), seconds);

            List<float[]> pixels = new ArrayList<>();
            for (byte[] image : images) {
                pixels.add(encoder.preprocess(image, ImageLimits.DEFAULT));
            }
            Timing preprocessing = perItemMillis(seconds, images.size(), i -> preprocess(encoder, images.get(i)));
            List<float[]> batch = cycle(pixels, BATCH);
            List<String> textBatch = cycle(TEXTS, BATCH);
            Timing image1 = perItemMillis(seconds, pixels.size(), i -> encoder.encodeImages(List.of(pixels.get(i)), 1));
            Timing imageN = perItemMillis(seconds, BATCH, i -> {
                if (i == 0) {
                    encoder.encodeImages(batch, BATCH);
                }
            });
            Timing text1 = perItemMillis(seconds, TEXTS.size(), i -> encoder.encodeTexts(List.of(TEXTS.get(i)), 1));
            Timing textN = perItemMillis(seconds, BATCH, i -> {
                if (i == 0) {
                    encoder.encodeTexts(textBatch, BATCH);
                }
            });

            System.out.println();
            System.out.printf(Locale.ROOT, "%-34s %12s %12s %14s %14s%n", "step", "ms/item", "items/s", "CPU ms/item",
                "items/CPU-s");
            row("decode + preprocess (1 thread)", preprocessing);
            row("image encode, batch 1 (baseline)", image1);
            row("image encode, batch " + BATCH, imageN);
            row("text encode, batch 1 (baseline)", text1);
            row("text encode, batch " + BATCH, textN);
            row("image end to end, batch 1", preprocessing.plus(image1));
            System.out.println();
            System.out.printf(Locale.ROOT, "image batch %d vs batch 1: %.2fx throughput%n", BATCH, image1.wall() / imageN.wall());
            System.out.printf(Locale.ROOT, "text  batch %d vs batch 1: %.2fx throughput%n", BATCH, text1.wall() / textN.wall());
            System.out.printf(Locale.ROOT, "preprocessing share of a batch-1 image: %.0f%%%n",
                100 * preprocessing.wall() / (preprocessing.wall() + image1.wall()));
            System.out.println("CPU ms/item is the process's CPU time (all threads, libtorch's included) per item: on a busy "
                + "machine wall time grows, CPU time much less");
        }
    }

    private static void preprocess(ClipEncoder encoder, byte[] image) {
        try {
            encoder.preprocess(image, ImageLimits.DEFAULT);
        } catch (ImageDecodeException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Warms up for a fifth of the budget and at least {@value #MIN_ROUNDS} rounds (TorchScript's profiling executor
     * optimises a graph only after it has run it a few times), then repeats rounds over {@code items} until the
     * budget is spent and at least {@value #MIN_ROUNDS} rounds were timed.
     */
    private static Timing perItemMillis(double seconds, int items, IntConsumer step) {
        long warmUntil = System.nanoTime() + (long) (seconds * 2e8);
        for (int round = 0; round < MIN_ROUNDS || System.nanoTime() < warmUntil; round++) {
            for (int i = 0; i < items; i++) {
                step.accept(i);
            }
        }
        long start = System.nanoTime();
        long cpuStart = PROCESS.getProcessCpuTime();
        long end = start + (long) (seconds * 1e9);
        long done = 0;
        for (int round = 0; round < MIN_ROUNDS || System.nanoTime() < end; round++) {
            for (int i = 0; i < items; i++) {
                step.accept(i);
            }
            done += items;
        }
        return new Timing((System.nanoTime() - start) / 1e6 / done, (PROCESS.getProcessCpuTime() - cpuStart) / 1e6 / done);
    }

    /** Wall-clock and process CPU milliseconds per item. */
    private record Timing(double wall, double cpu) {
        Timing plus(Timing other) {
            return new Timing(wall + other.wall, cpu + other.cpu);
        }
    }

    private static void row(String step, Timing perItem) {
        System.out.printf(Locale.ROOT, "%-34s %12.3f %12.1f %14.3f %14.1f%n", step, perItem.wall(), 1000 / perItem.wall(), perItem.cpu(),
            1000 / perItem.cpu());
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
