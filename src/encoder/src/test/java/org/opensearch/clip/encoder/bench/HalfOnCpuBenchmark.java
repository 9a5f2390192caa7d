package org.opensearch.clip.encoder.bench;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;

import org.opensearch.clip.encoder.archive.ArchiveRewriter;
import org.opensearch.clip.encoder.archive.ArchiveTarget;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Whether a float16 archive traced on CUDA (OpenAI's layout) should run in float16 or float32 on a CPU: rewrites it
 * both ways (devices only, keeping float16; devices, casts and weights to float32), then times {@code encode_image}
 * and {@code encode_text} of both at batch 1 and 8, alternating the two so that a busy machine slows both alike,
 * and prints the ratio and the largest difference of their outputs.
 *
 * <p>Usage: {@code HalfOnCpuBenchmark <archive.pt> [rounds=5] [torch threads=1]}, e.g. on the ViT-B/32 stand-in made by
 * src/tools/bench-vit-b32.sh: {@code mvn -q -pl src/encoder test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.opensearch.clip.encoder.bench.HalfOnCpuBenchmark -Dexec.args="$PWD/target/vit-b32/ViT-B-32-fp16.pt"}
 */
public final class HalfOnCpuBenchmark {
    private HalfOnCpuBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int torchThreads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path work = Files.createTempDirectory("clip-half");
        DjlRuntime runtime = DjlRuntime.start(work.resolve("djl"), torchThreads);
        Path half = work.resolve("cpu-fp16.pt");
        Path full = work.resolve("cpu-fp32.pt");
        System.out.println("float16 kept:   " + ArchiveRewriter.rewrite(archive, half, new ArchiveTarget("cpu", false)));
        System.out.println("float32 widened: " + ArchiveRewriter.rewrite(archive, full, new ArchiveTarget("cpu", true)));
        System.out.printf(Locale.ROOT, "libtorch %s, %d cores, %d torch threads, %d timed rounds each%n%n", runtime.engineVersion(),
            Runtime.getRuntime().availableProcessors(), torchThreads, rounds);
        System.out.printf(Locale.ROOT, "%-22s %14s %14s %8s %12s%n", "call", "fp32 ms/item", "fp16 ms/item", "fp16/32", "max |diff|");
        try (ZooModel<NDList, NDList> m16 = load(half); ZooModel<NDList, NDList> m32 = load(full); NDManager manager = NDManager.newBaseManager()) {
            for (String method : new String[] { "encode_image", "encode_text" }) {
                for (int batch : new int[] { 1, 8 }) {
                    NDArray input = method.equals("encode_image") ? pixels(manager, batch) : ids(manager, batch);
                    try (Predictor<NDList, NDList> p16 = m16.newPredictor(new NoopTranslator());
                         Predictor<NDList, NDList> p32 = m32.newPredictor(new NoopTranslator())) {
                        float[] out16 = null;
                        float[] out32 = null;
                        long t16 = 0;
                        long t32 = 0;
                        for (int round = -2; round < rounds; round++) { // two untimed rounds: TorchScript optimises first
                            long start = System.nanoTime();
                            out32 = call(p32, manager, input, method);
                            long middle = System.nanoTime();
                            out16 = call(p16, manager, input, method);
                            long end = System.nanoTime();
                            if (round >= 0) {
                                t32 += middle - start;
                                t16 += end - middle;
                            }
                        }
                        double diff = 0;
                        for (int i = 0; i < out32.length; i++) {
                            diff = Math.max(diff, Math.abs(out32[i] - out16[i]));
                        }
                        double ms32 = t32 / 1e6 / rounds / batch;
                        double ms16 = t16 / 1e6 / rounds / batch;
                        System.out.printf(Locale.ROOT, "%-22s %14.1f %14.1f %7.1fx %12.2e%n", method + ", batch " + batch, ms32, ms16,
                            ms16 / ms32, diff);
                    }
                }
            }
        }
    }

    private static ZooModel<NDList, NDList> load(Path file) throws Exception {
        Criteria<NDList, NDList> criteria = Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine(DjlRuntime.ENGINE)
            .optModelPath(file.getParent())
            .optModelName(file.getFileName().toString().replace(".pt", ""))
            .optDevice(Device.cpu())
            .optOption("mapLocation", "true")
            .build();
        return DjlRuntime.withModuleClassLoader(criteria::loadModel);
    }

    private static float[] call(Predictor<NDList, NDList> predictor, NDManager manager, NDArray input, String method) throws Exception {
        NDArray marker = manager.create(new float[0]);
        marker.setName("module_method:" + method);
        NDList output = predictor.predict(new NDList(input, marker));
        return output.get(0).toType(DataType.FLOAT32, false).toFloatArray();
    }

    private static NDArray pixels(NDManager manager, int batch) {
        Random random = new Random(1);
        float[] values = new float[batch * 3 * 224 * 224];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, new Shape(batch, 3, 224, 224));
    }

    private static NDArray ids(NDManager manager, int batch) {
        long[] values = new long[batch * 77];
        for (int b = 0; b < batch; b++) {
            values[b * 77] = 49406;
            values[b * 77 + 1] = 320 + b;
            values[b * 77 + 2] = 1125;
            values[b * 77 + 3] = 49407;
        }
        return manager.create(values, new Shape(batch, 77));
    }
}
