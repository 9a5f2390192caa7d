import nu.pattern.OpenCV;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opensearch.clip.encoder.decode.ImageDecodeException;
import org.opensearch.clip.encoder.decode.ImageDecoder;
import org.opensearch.clip.encoder.decode.ImageFormat;
import org.opensearch.clip.encoder.decode.ImageLimits;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The project's decoder (TwelveMonkeys for JPEG, libwebp for WebP) against OpenCV's imdecode (libjpeg-turbo, libwebp)
 * on the same files, in one run: whether each gives PIL's pixels (the folder holds <name>.pil.png next to each file,
 * as make_decode_fixtures.py --photos writes), and decode ms per image, with the ratio. Not part of the build: OpenCV
 * is not a dependency of the project. Run it with src/tools/bench-decoders.sh.
 */
public final class DecoderBench {

    private interface Decode {
        int[] rgb(byte[] encoded) throws ImageDecodeException;
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        OpenCV.loadLocally();
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        Decode project = encoded -> ((DataBufferInt) decoder.decode(encoded).getRaster().getDataBuffer()).getData();
        ImageDecoder jdkDecoder = new ImageDecoder(ImageLimits.DEFAULT, false);
        Decode jdk = encoded -> ((DataBufferInt) jdkDecoder.decode(encoded).getRaster().getDataBuffer()).getData();
        System.out.println("project decoder's JPEG path: " + ImageFormat.jpegDecoder() + " (JDK reader path shown beside it)");
        Decode opencv = DecoderBench::opencv;
        for (String ext : List.of("jpg", "webp")) {
            List<Path> files;
            try (Stream<Path> list = Files.list(folder)) {
                files = list.filter(p -> p.toString().endsWith("." + ext)).sorted().toList();
            }
            if (files.isEmpty()) {
                continue;
            }
            List<byte[]> encoded = new ArrayList<>();
            int projectMax = 0;
            int jdkMax = 0;
            int opencvMax = 0;
            for (Path file : files) {
                byte[] bytes = Files.readAllBytes(file);
                encoded.add(bytes);
                int[] pil = pil(Path.of(file + ".pil.png"));
                projectMax = Math.max(projectMax, maxDifference(pil, project.rgb(bytes)));
                jdkMax = Math.max(jdkMax, maxDifference(pil, jdk.rgb(bytes)));
                opencvMax = Math.max(opencvMax, maxDifference(pil, opencv.rgb(bytes)));
            }
            System.out.printf(Locale.ROOT,
                "%d %s files from %s; largest difference from PIL: project decoder %d, its JDK reader path %d, OpenCV %d levels%n",
                files.size(), ext, folder, projectMax, jdkMax, opencvMax);
            msPerImage(project, encoded, seconds); // warm-up of all three
            msPerImage(jdk, encoded, seconds);
            msPerImage(opencv, encoded, seconds);
            double projectMs = msPerImage(project, encoded, seconds);
            double jdkMs = msPerImage(jdk, encoded, seconds);
            double opencvMs = msPerImage(opencv, encoded, seconds);
            System.out.printf(Locale.ROOT,
                "  decode %s: project decoder %.2f ms/image, JDK reader path %.2f ms/image (%.2fx the project decoder's time), OpenCV %.2f ms/image, project/OpenCV %.2f%n",
                ext, projectMs, jdkMs, jdkMs / projectMs, opencvMs, projectMs / opencvMs);
        }
    }

    private static double msPerImage(Decode decode, List<byte[]> images, double seconds) throws ImageDecodeException {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long decoded = 0;
        long sink = 0;
        while (System.nanoTime() < deadline || decoded < images.size()) {
            for (byte[] image : images) {
                sink += decode.rgb(image)[0];
                decoded++;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return (System.nanoTime() - start) / 1e6 / decoded;
    }

    /** imdecode to BGR, repacked as RGB ints like the project's decoder hands out. */
    private static int[] opencv(byte[] encoded) {
        Mat mat = Imgcodecs.imdecode(new MatOfByte(encoded), Imgcodecs.IMREAD_COLOR);
        try {
            byte[] bgr = new byte[(int) mat.total() * 3];
            mat.get(0, 0, bgr);
            int[] rgb = new int[bgr.length / 3];
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = (bgr[3 * i + 2] & 0xff) << 16 | (bgr[3 * i + 1] & 0xff) << 8 | (bgr[3 * i] & 0xff);
            }
            return rgb;
        } finally {
            mat.release();
        }
    }

    private static int[] pil(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static int maxDifference(int[] a, int[] b) {
        if (a.length != b.length) {
            return 255;
        }
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                max = Math.max(max, Math.abs(((a[i] >> shift) & 0xff) - ((b[i] >> shift) & 0xff)));
            }
        }
        return max;
    }
}
