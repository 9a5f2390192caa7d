package org.opensearch.clip.plugin.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The built search page (index.html, its script and stylesheets), read once from the plugin's resources where the
 * Maven build put them ({@code search-page/files.txt} lists them). Only listed files are served.
 */
public final class SearchPageAssets {
    /** The page itself. */
    public static final String INDEX = "index.html";
    static final String DIRECTORY = "search-page/";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
        "html", "text/html; charset=UTF-8",
        "js", "text/javascript; charset=UTF-8",
        "css", "text/css; charset=UTF-8",
        "txt", "text/plain; charset=UTF-8"
    );

    /** One file: its bytes and media type. */
    public record Asset(byte[] bytes, String contentType) {}

    private final Map<String, Asset> assets;

    private SearchPageAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** Reads every listed file next to {@code anchor}'s package; fails when the build left the page out. */
    public static SearchPageAssets load(Class<?> anchor) {
        String list = new String(read(anchor, "files.txt"), StandardCharsets.UTF_8);
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (String line : list.split("\n")) {
            String name = line.strip();
            if (!name.isEmpty()) {
                assets.put(name, new Asset(read(anchor, name), contentType(name)));
            }
        }
        if (!assets.containsKey(INDEX)) {
            throw new IllegalStateException("the plugin jar's search page lacks " + INDEX);
        }
        return new SearchPageAssets(assets);
    }

    /** The file of that name, if the page has one (names are plain file names, never paths). */
    public Optional<Asset> get(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    /** The media type for a file name's extension; unknown ones are refused at load time. */
    static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = CONTENT_TYPES.get(extension);
        if (type == null) {
            throw new IllegalStateException("the search page has a file of unknown type: " + name);
        }
        return type;
    }

    private static byte[] read(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("the plugin jar lacks the search page file " + DIRECTORY + name
                    + " (built by src/plugin/search-page/build.sh at generate-resources)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
