package org.opensearch.clip.plugin.testcluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Unpacks a zip archive into a directory, refusing entries that would land outside it. */
final class ZipExtractor {
    private ZipExtractor() {}

    /** Extracts every entry of {@code zip} under {@code target}; returns the archive's single top directory, if any. */
    static Path extract(Path zip, Path target) {
        Path root = target.toAbsolutePath().normalize();
        String topDirectory = null;
        boolean singleTop = true;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("zip entry [" + entry.getName() + "] of " + zip + " points outside " + root);
                }
                String first = entry.getName().split("/", 2)[0];
                if (topDirectory == null) {
                    topDirectory = first;
                } else if (!topDirectory.equals(first)) {
                    singleTop = false;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + " into " + root, e);
        }
        return singleTop && topDirectory != null ? root.resolve(topDirectory) : root;
    }
}
