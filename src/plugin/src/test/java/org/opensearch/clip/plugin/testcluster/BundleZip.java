package org.opensearch.clip.plugin.testcluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A model bundle directory as the zip a register request fetches by URL. */
public final class BundleZip {
    private BundleZip() {}

    /** The directory's files, flat, in name order. */
    public static byte[] of(Path directory) throws IOException {
        return of(directory, null, null);
    }

    /** The same, with the manifest's model name {@code from} replaced by {@code to} (when {@code from} is not null). */
    public static byte[] of(Path directory, String from, String to) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes); Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                out.putNextEntry(new ZipEntry(file.getFileName().toString()));
                if (from != null && file.getFileName().toString().equals("clip-model.json")) {
                    out.write(Files.readString(file).replace("\"" + from + "\"", "\"" + to + "\"").getBytes(StandardCharsets.UTF_8));
                } else {
                    Files.copy(file, (OutputStream) out);
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
