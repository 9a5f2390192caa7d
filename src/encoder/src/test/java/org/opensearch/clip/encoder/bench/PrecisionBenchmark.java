package org.opensearch.clip.encoder.bench;

import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.hub.HubBundleBuilder;
import org.opensearch.clip.encoder.hub.HubFixtures;
import org.opensearch.clip.encoder.hub.Precision;
import org.opensearch.clip.encoder.runtime.DeviceSpec;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Encode speed and accuracy per precision of one Hub checkpoint, in one run: builds an fp32, a bf16 and an int8 bundle
 * from the snapshot, then times batches of images (and texts) of the three in turn, round after round, so that a
 * change of load on the machine hits all three alike; prints images/s, texts/s and their ratio to fp32, and the
 * smallest cosine of each precision's embeddings against fp32's.
 *
 * <p>Usage: {@code PrecisionBenchmark <snapshot dir> <images dir> [seconds per precision=20] [torch threads=0] [batch=32]};
 * run it with {@code src/tools/bench-precision.sh}.
 */
public final class PrecisionBenchmark {
    private static final List<String> TEXTS = List.of(
        "a photo of a cat", "a cup of coffee on a table", "an astronaut in a white suit", "a rocket launch",
        "a grey camera man", "the deep field of a space telescope", "a red heart", "a slice of pizza"
    );
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private PrecisionBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PrecisionBenchmark <snapshot dir> <images dir> [seconds per precision=20] [torch threads=0] [batch=32]");
            System.exit(2);
        }
        Path snapshot = Path.of(args[0]);
        Path imagesDir = Path.of(args[1]);
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 20;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 32;
        Path work = Files.createTempDirectory("clip-precision");
        DjlRuntime runtime = DjlRuntime.start(work.resolve("djl"), threads);
        Map<Precision, ClipEncoder> encoders = new EnumMap<>(Precision.class);
        for (Precision p : Precision.values()) {
            long start = System.nanoTime();
            HubBundleBuilder.build(snapshot, work.resolve(p.option()), "bench/" + p.option(), "1", p);
            long bytes = Files.size(work.resolve(p.option()).resolve("image_encoder.pt"));
            encoders.put(p, ClipEncoder.load(ModelBundle.open(work.resolve(p.option()), work.resolve("extract")), runtime.device(DeviceSpec.parse("cpu"))));
            System.out.printf(Locale.ROOT, "%s bundle built and loaded in %.1f s (image_encoder.pt %d MB)%n", p.option(), (System.nanoTime() - start) / 1e9,
                bytes >> 20);
        }
        ClipEncoder fp32 = encoders.get(Precision.FP32);
        List<float[]> pixels = new ArrayList<>();
        try (Stream<Path> files = Files.list(imagesDir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.matches(".*\\.(jpe?g|png|gif|bmp|webp)") && !name.startsWith("corrupt")) {
                    pixels.add(fp32.preprocess(Files.readAllBytes(file), ImageLimits.DEFAULT));
                }
            }
        }
        List<float[]> images = cycle(pixels, batch);
        List<String> texts = cycle(TEXTS, batch);
        System.out.printf(Locale.ROOT, "%s: %d images of %s (cycled to batches of %d), %d texts, libtorch %s, %d cores, torch threads %s%n",
            snapshot, pixels.size(), imagesDir, batch, TEXTS.size(), runtime.engineVersion(), Runtime.getRuntime().availableProcessors(),
            threads == 0 ? "default" : Integer.toString(threads));

        Map<Precision, float[][]> imageVectors = new EnumMap<>(Precision.class);
        Map<Precision, float[][]> textVectors = new EnumMap<>(Precision.class);
        for (Precision p : Precision.values()) {
            for (int warm = 0; warm < 3; warm++) {
                encoders.get(p).encodeImages(images, batch);
                encoders.get(p).encodeTexts(texts, batch);
            }
            imageVectors.put(p, encoders.get(p).encodeImages(pixels, batch));
            textVectors.put(p, encoders.get(p).encodeTexts(TEXTS, batch));
        }
        Map<Precision, double[]> imageTime = new EnumMap<>(Precision.class);
        Map<Precision, double[]> textTime = new EnumMap<>(Precision.class);
        for (Precision p : Precision.values()) {
            imageTime.put(p, new double[3]);
            textTime.put(p, new double[3]);
        }
        long end = System.nanoTime() + (long) (seconds * 3e9);
        for (int round = 0; round < 3 || System.nanoTime() < end; round++) {
            for (Precision p : Precision.values()) {
                time(imageTime.get(p), batch, () -> encoders.get(p).encodeImages(images, batch));
                time(textTime.get(p), batch, () -> encoders.get(p).encodeTexts(texts, batch));
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-9s %10s %9s %13s %12s %9s %13s %14s %13s%n", "precision", "images/s", "vs fp32", "CPU ms/image",
            "texts/s", "vs fp32", "CPU ms/text", "image cosine", "text cosine");
        for (Precision p : Precision.values()) {
            double ips = imageTime.get(p)[1] / imageTime.get(p)[0];
            double tps = textTime.get(p)[1] / textTime.get(p)[0];
            double ips32 = imageTime.get(Precision.FP32)[1] / imageTime.get(Precision.FP32)[0];
            double tps32 = textTime.get(Precision.FP32)[1] / textTime.get(Precision.FP32)[0];
            System.out.printf(Locale.ROOT, "%-9s %10.1f %8.2fx %13.1f %12.1f %8.2fx %13.1f %14.6f %13.6f%n", p.option(), ips, ips / ips32,
                imageTime.get(p)[2] / imageTime.get(p)[1], tps, tps / tps32, textTime.get(p)[2] / textTime.get(p)[1],
                HubFixtures.minCosine(imageVectors.get(p), imageVectors.get(Precision.FP32)), HubFixtures.minCosine(textVectors.get(p), textVectors.get(Precision.FP32)));
        }
        System.out.println("(batch " + batch + "; the three precisions timed in turn, round after round; cosine: the smallest over the "
            + pixels.size() + " images / " + TEXTS.size() + " texts, against fp32; CPU ms: the process's CPU time per item)");
        for (ClipEncoder e : encoders.values()) {
            e.close();
        }
    }

    /** Adds one timed call to {seconds, items, CPU milliseconds}. */
    private static void time(double[] total, int items, Runnable call) {
        long cpu = PROCESS.getProcessCpuTime();
        long start = System.nanoTime();
        call.run();
        total[0] += (System.nanoTime() - start) / 1e9;
        total[1] += items;
        total[2] += (PROCESS.getProcessCpuTime() - cpu) / 1e6;
    }

    private static <T> List<T> cycle(List<T> items, int count) {
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(items.get(i % items.size()));
        }
        return out;
    }
}
