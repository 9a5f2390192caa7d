package org.opensearch.clip.trainer.emoji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the emoji image sets published on npm ({@code emoji-datasource-<set>}) live on disk: one folder per set and
 * version holding {@code emoji.json}, {@code LICENSE} and {@code img/<set>/64/*.png}, fetched on request.
 */
public final class EmojiPackageCache {
    /** The package version the project's default model is trained on. */
    public static final String DEFAULT_VERSION = "16.0.0";
    /** The image sets that can be used. */
    public static final List<String> SETS = List.of("google", "twitter");

    private final Path root;
    private final String version;

    /** A cache under {@code root} for one package version. */
    public EmojiPackageCache(Path root, String version) {
        this.root = root;
        this.version = version;
    }

    /** The folder of one set's package (it may not exist yet). */
    public Path packageDir(String set) {
        checkSet(set);
        return root.resolve(packageName(set) + "-" + version);
    }

    /** Whether a set is already in the cache. */
    public boolean contains(String set) {
        return Files.isRegularFile(packageDir(set).resolve("emoji.json"));
    }

    /** Downloads and unpacks a set's package unless it is already in the cache; returns its folder. */
    public Path fetch(String set, NpmPackageFetcher fetcher) throws IOException {
        Path dir = packageDir(set);
        if (contains(set)) {
            return dir;
        }
        Files.createDirectories(root);
        String imagePrefix = "img/" + set + "/64/";
        fetcher.fetch(
            packageName(set),
            version,
            path -> path.equals("emoji.json") || path.equals("LICENSE") || path.equals("package.json")
                || (path.startsWith(imagePrefix) && path.endsWith(".png")),
            dir
        );
        return dir;
    }

    /** The npm package name of a set. */
    public static String packageName(String set) {
        return "emoji-datasource-" + set;
    }

    private static void checkSet(String set) {
        if (!SETS.contains(set)) {
            throw new IllegalArgumentException("unknown emoji set [" + set + "]: use one of " + SETS);
        }
    }
}
