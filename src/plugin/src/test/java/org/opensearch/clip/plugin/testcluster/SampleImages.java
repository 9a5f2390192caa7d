package org.opensearch.clip.plugin.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real sample images of the encoder module ({@code src/encoder/src/test/resources/images}, on the test
 * classpath as {@code sample-images/}): every decodable one, and the deliberately broken {@code corrupt.jpg}.
 */
public final class SampleImages {
    /** The file name of the image that no decoder accepts. */
    public static final String CORRUPT = "corrupt.jpg";

    private static final Map<String, String> CAPTIONS = Map.ofEntries(
        Map.entry("cat", "a photo of a tabby cat"),
        Map.entry("coffee", "a cup of coffee on a saucer"),
        Map.entry("astronaut", "an astronaut in a spacesuit"),
        Map.entry("rocket", "a rocket launching into the sky"),
        Map.entry("camera", "a man with a camera on a tripod"),
        Map.entry("hubble", "galaxies in deep space"),
        Map.entry("retina", "a photograph of the retina of an eye"),
        Map.entry("ihc", "stained tissue under a microscope"),
        Map.entry("coins", "ancient coins")
    );

    private SampleImages() {}

    /** One sample image file. */
    public record Image(String file, byte[] bytes) {
        /** The part of the name before the first {@code -} or {@code .}: {@code cat} for {@code cat-cmyk.jpg}. */
        public String subject() {
            return file.split("[-.]", 2)[0];
        }

        /** The file extension: jpg, png, gif, bmp, webp. */
        public String format() {
            return file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        }

        /** The media type a browser would give it. */
        public String mediaType() {
            return switch (format()) {
                case "jpg", "jpeg" -> "image/jpeg";
                default -> "image/" + format();
            };
        }

        /** The plain base64 of the file. */
        public String base64() {
            return Base64.getEncoder().encodeToString(bytes);
        }

        /** The file as a {@code data:<type>;base64,...} URI. */
        public String dataUri() {
            return "data:" + mediaType() + ";base64," + base64();
        }

        /** A short English caption of what the image shows. */
        public String caption() {
            return CAPTIONS.getOrDefault(subject(), "a picture of " + subject());
        }
    }

    /** Every image except {@link #CORRUPT}, in file name order. */
    public static List<Image> decodable() {
        return files().stream().filter(p -> !p.getFileName().toString().equals(CORRUPT)).map(SampleImages::read).toList();
    }

    /** One image by file name. */
    public static Image named(String file) {
        Path path = directory().resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no sample image " + file + " in " + directory());
        }
        return read(path);
    }

    /** The bytes of {@link #CORRUPT}: a JPEG start followed by garbage. */
    public static byte[] corrupt() {
        return named(CORRUPT).bytes();
    }

    private static List<Path> files() {
        try (Stream<Path> children = Files.list(directory())) {
            return children.filter(p -> p.getFileName().toString().matches(".*\\.(jpe?g|png|gif|bmp|webp)")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Image read(Path path) {
        try {
            return new Image(path.getFileName().toString(), Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path directory() {
        URL url = SampleImages.class.getClassLoader().getResource("sample-images/SOURCES.md");
        if (url == null) {
            throw new IllegalStateException("sample-images/ is not on the test classpath (see testResources in src/plugin/pom.xml)");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
