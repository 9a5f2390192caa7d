package org.opensearch.clip.encoder.decode;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.TestFiles;
import org.opensearch.clip.encoder.TinyClip;
import org.opensearch.clip.encoder.math.Vectors;
import org.opensearch.clip.encoder.preprocess.ClipPreprocessor;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Prints, for every image in a folder that has PIL's decoding next to it ({@code <name>.pil.png}, as
 * {@code src/tools/make_decode_fixtures.py} writes), how far two decodings are from PIL's pixels: the readers as they
 * were before ICC profiles were removed and libwebp was used ("readers alone": TwelveMonkeys on the file as it is),
 * and this decoder. Each gets the largest and mean difference per 8-bit value and the cosine between the tiny-clip
 * test model's embedding of its pixels and of PIL's.
 *
 * <p>Usage: {@code PilParityReport [folder]}, default the committed fixtures; run it with
 * {@code src/tools/decode-parity-report.sh}.
 */
public final class PilParityReport {

    private PilParityReport() {}

    public static void main(String[] args) throws Exception {
        Path folder = args.length > 0 ? Path.of(args[0]) : TestFiles.path("images/decode");
        List<Path> images;
        try (Stream<Path> files = Files.list(folder)) {
            images = files.filter(p -> Files.exists(Path.of(p + ".pil.png"))).sorted().toList();
        }
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        try (ClipEncoder encoder = TinyClip.encoder()) {
            ClipPreprocessor preprocessor = new ClipPreprocessor(ClipEncoder.preprocessConfig(encoder.manifest().image()));
            System.out.printf(Locale.ROOT, "%-28s %-44s %s%n", "image (vs PIL)", "readers alone: max, mean, tiny-clip cosine",
                "this decoder: max, mean, tiny-clip cosine");
            for (Path image : images) {
                byte[] encoded = Files.readAllBytes(image);
                BufferedImage pil = RgbConversion.toRgb(ImageIO.read(Path.of(image + ".pil.png").toFile()));
                float[] reference = embed(encoder, preprocessor, pil);
                BufferedImage before = readersAlone(encoded);
                BufferedImage after = decoder.decode(encoded);
                System.out.printf(Locale.ROOT, "%-28s %-44s %s%n", image.getFileName(),
                    describe(pil, before, reference, encoder, preprocessor), describe(pil, after, reference, encoder, preprocessor));
            }
        }
    }

    private static String describe(BufferedImage pil, BufferedImage decoded, float[] reference, ClipEncoder encoder,
                                   ClipPreprocessor preprocessor) {
        PixelDifference d = PixelDifference.between(pil, decoded);
        double cosine = Vectors.dot(reference, embed(encoder, preprocessor, decoded));
        return String.format(Locale.ROOT, "%3d  %6.3f  %.6f", d.max(), d.mean(), cosine);
    }

    private static float[] embed(ClipEncoder encoder, ClipPreprocessor preprocessor, BufferedImage rgb) {
        return Vectors.normalize(encoder.encodeImages(List.of(preprocessor.preprocess(rgb)), 1)[0]);
    }

    /** TwelveMonkeys' readers on the unmodified file, converted and turned upright as before: the decoder until now. */
    private static BufferedImage readersAlone(byte[] encoded) throws IOException, ImageDecodeException {
        ImageFormat format = ImageFormat.detect(encoded);
        ImageReader reader = format == ImageFormat.WEBP ? new WebPImageReaderSpi().createReaderInstance() : format.newReader(encoded);
        try (ImageInputStream in = new ByteArrayImageInputStream(encoded)) {
            reader.setInput(in);
            return ExifOrientation.of(format, encoded).apply(RgbConversion.toRgb(reader.read(0)));
        } finally {
            reader.dispose();
        }
    }
}
