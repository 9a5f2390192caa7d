package org.opensearch.clip.encoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates this module's committed test resources ({@code src/test/resources}) on disk. */
public final class TestFiles {
    private TestFiles() {}

    /** The path of a test resource, relative to {@code src/test/resources}; fails the test if it is absent. */
    public static Path path(String relative) {
        URL url = TestFiles.class.getClassLoader().getResource(relative);
        if (url == null) {
            throw new AssertionError("test resource [" + relative + "] is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError("test resource [" + relative + "] has no file path: " + url, e);
        }
    }

    /** The bytes of a test resource, relative to {@code src/test/resources}. */
    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
