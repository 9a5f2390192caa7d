package org.opensearch.clip.encoder.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A verified model bundle on disk: its manifest and the directory holding its files. */
public final class ModelBundle {
    private final ModelManifest manifest;
    private final Path directory;
    private final Path source;
    private final Path workDirectory;

    private ModelBundle(ModelManifest manifest, Path directory, Path source, Path workDirectory) {
        this.manifest = manifest;
        this.directory = directory;
        this.source = source;
        this.workDirectory = workDirectory;
    }

    /**
     * Opens a bundle directory, or a {@code .zip} of one which is extracted under {@code extractRoot},
     * and verifies the sha256 of every file the manifest lists.
     */
    public static ModelBundle open(Path source, Path extractRoot) {
        if (!Files.exists(source)) {
            throw new BundleException("model bundle " + source + " does not exist");
        }
        Path directory = Files.isDirectory(source) ? source : extract(source, extractRoot);
        Path manifestFile = directory.resolve(ModelManifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new BundleException("model bundle " + source + " has no " + ModelManifest.FILE_NAME);
        }
        ModelManifest manifest;
        try {
            manifest = ModelManifest.parse(Files.readString(manifestFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BundleException("model bundle " + source + ": cannot read " + ModelManifest.FILE_NAME + ": " + e, e);
        } catch (BundleException e) {
            throw new BundleException("model bundle " + source + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, String> file : manifest.files().entrySet()) {
            verify(source, directory.resolve(file.getKey()), file.getKey(), file.getValue());
        }
        return new ModelBundle(manifest, directory, source, extractRoot);
    }

    /**
     * Reads and validates only the manifest of a bundle directory or zip, without checking file digests: a cheap
     * look at a bundle's name and dimension before it is opened.
     */
    public static ModelManifest peekManifest(Path source) {
        try {
            if (Files.isDirectory(source)) {
                Path manifestFile = source.resolve(ModelManifest.FILE_NAME);
                if (!Files.isRegularFile(manifestFile)) {
                    throw new BundleException("model bundle " + source + " has no " + ModelManifest.FILE_NAME);
                }
                return ModelManifest.parse(Files.readString(manifestFile, StandardCharsets.UTF_8));
            }
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(source))) {
                ZipEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    if (!entry.isDirectory() && Path.of(entry.getName()).getFileName().toString().equals(ModelManifest.FILE_NAME)) {
                        return ModelManifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            throw new BundleException("model bundle " + source + " has no " + ModelManifest.FILE_NAME);
        } catch (IOException e) {
            throw new BundleException("model bundle " + source + ": cannot read " + ModelManifest.FILE_NAME + ": " + e, e);
        } catch (BundleException e) {
            if (e.getMessage().startsWith("model bundle ")) {
                throw e;
            }
            throw new BundleException("model bundle " + source + ": " + e.getMessage(), e);
        }
    }

    /** The validated manifest. */
    public ModelManifest manifest() {
        return manifest;
    }

    /** The directory the bundle's files are read from (the extracted copy for a zip). */
    public Path directory() {
        return directory;
    }

    /** Where the bundle was opened from (a directory or a zip). */
    public Path source() {
        return source;
    }

    /** The writable directory given to {@link #open}, where files derived from the bundle (zip contents, rewritten archives) go. */
    public Path workDirectory() {
        return workDirectory;
    }

    /** The path of one of the bundle's files. */
    public Path file(String name) {
        return directory.resolve(name);
    }

    private static void verify(Path source, Path file, String name, String expectedSha256) {
        if (!Files.isRegularFile(file)) {
            throw new BundleException("model bundle " + source + ": " + name + " is listed in " + ModelManifest.FILE_NAME + " but missing");
        }
        String actual = sha256(file);
        if (!actual.equals(expectedSha256)) {
            throw new BundleException(
                "model bundle " + source + ": " + name + " has sha256 " + actual + " but " + ModelManifest.FILE_NAME + " expects "
                    + expectedSha256 + " (corrupt or replaced file)"
            );
        }
    }

    /** The lower-case hex sha256 of a file. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static Path extract(Path zip, Path extractRoot) {
        String zipName = zip.getFileName().toString();
        if (!zipName.endsWith(".zip")) {
            throw new BundleException("model bundle " + zip + " must be a directory or a .zip file");
        }
        Path target = extractRoot.resolve(zipName.substring(0, zipName.length() - ".zip".length()) + "-" + sha256(zip).substring(0, 16));
        if (Files.isRegularFile(target.resolve(ModelManifest.FILE_NAME))) {
            return target; // already extracted from identical bytes; files are verified again by open()
        }
        try {
            Path partial = Files.createDirectories(extractRoot).resolve(target.getFileName() + ".partial");
            deleteRecursively(partial);
            Files.createDirectories(partial);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                ZipEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    if (entry.isDirectory()) {
                        continue;
                    }
                    // bundles are flat; a zip made of the bundle's folder has one leading directory, which is dropped
                    String name = Path.of(entry.getName()).getFileName().toString();
                    Path out = partial.resolve(name).normalize();
                    if (!out.getParent().equals(partial)) {
                        throw new BundleException("model bundle " + zip + ": entry [" + entry.getName() + "] escapes the bundle");
                    }
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            deleteRecursively(target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new BundleException("model bundle " + zip + ": cannot extract into " + extractRoot + ": " + e, e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
