package org.opensearch.clip.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Cheap checks that a dataset row's image file can be used, before any pixel is decoded. */
public final class ImageFileCheck {
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp");

    private ImageFileCheck() {}

    /** What is wrong with the file, or empty when it exists, is a regular file and is not empty. */
    public static Optional<String> problem(Path file) {
        if (!Files.exists(file)) {
            return Optional.of("image file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of(file + " is not a regular file");
        }
        try {
            if (Files.size(file) == 0) {
                return Optional.of("image file " + file + " is empty");
            }
        } catch (IOException e) {
            return Optional.of("cannot read " + file + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Whether a file name has one of the image extensions the decoder reads (jpg, jpeg, png, gif, bmp, webp). */
    public static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
