package org.opensearch.clip.encoder.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.TinyClip;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opening model bundles: the test bundle as a directory and zipped, and broken copies of it made in a temporary
 * directory, each refused with a message naming the bundle, the file and the problem.
 */
class ModelBundleTest {
    private static final List<String> FILES = List.of("clip-model.json", "image_encoder.pt", "text_encoder.pt", "tokenizer.json");

    @TempDir
    Path temp;

    private Path extractRoot() {
        return temp.resolve("extracted");
    }

    /** A fresh copy of the good bundle directory. */
    private Path copy() throws IOException {
        Path copy = Files.createDirectories(temp.resolve("bundle-" + System.nanoTime()));
        for (String file : FILES) {
            Files.copy(TinyClip.directory().resolve(file), copy.resolve(file));
        }
        return copy;
    }

    /** Zips the files of {@code directory}, under {@code prefix} inside the zip (empty: at its root). */
    private Path zip(Path directory, String prefix, String zipName) throws IOException {
        Path zip = temp.resolve(zipName);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                out.putNextEntry(new ZipEntry(prefix + file.getFileName()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return zip;
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void aBundleDirectoryOpensInPlace() {
        ModelBundle bundle = ModelBundle.open(TinyClip.directory(), extractRoot());
        assertEquals("tiny-clip-test", bundle.manifest().name());
        assertEquals(TinyClip.directory(), bundle.directory());
        assertEquals(TinyClip.directory(), bundle.source());
        assertEquals(TinyClip.directory().resolve("tokenizer.json"), bundle.file("tokenizer.json"));
    }

    @Test
    void theSameBundleZippedOpensFromAnExtractedCopy() throws IOException {
        Path zip = zip(TinyClip.directory(), "", "tiny-clip.zip");
        ModelBundle bundle = ModelBundle.open(zip, extractRoot());
        assertEquals(ModelBundle.open(TinyClip.directory(), extractRoot()).manifest(), bundle.manifest());
        assertEquals(zip, bundle.source());
        assertTrue(bundle.directory().startsWith(extractRoot()), bundle.directory().toString());
        for (String file : FILES) {
            assertArrayEquals(Files.readAllBytes(TinyClip.directory().resolve(file)), Files.readAllBytes(bundle.file(file)), file);
        }
    }

    @Test
    void aZipOfTheBundleFolderItselfOpensToo() throws IOException {
        Path zip = zip(TinyClip.directory(), "tiny-clip/", "folder.zip");
        assertEquals("tiny-clip-test", ModelBundle.open(zip, extractRoot()).manifest().name());
    }

    @Test
    void openingTheSameZipAgainReusesItsExtractedCopy() throws IOException {
        Path zip = zip(TinyClip.directory(), "", "again.zip");
        Path first = ModelBundle.open(zip, extractRoot()).directory();
        assertEquals(first, ModelBundle.open(zip, extractRoot()).directory());
    }

    @Test
    void aMissingSourceIsRefused() {
        Path nowhere = temp.resolve("nowhere");
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(nowhere, extractRoot()));
        assertEquals("model bundle " + nowhere + " does not exist", e.getMessage());
    }

    @Test
    void aFileThatIsNeitherADirectoryNorAZipIsRefused() throws IOException {
        Path tar = Files.writeString(temp.resolve("model.tar"), "not a bundle");
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(tar, extractRoot()));
        assertEquals("model bundle " + tar + " must be a directory or a .zip file", e.getMessage());
    }

    @Test
    void aDirectoryWithoutManifestIsRefused() throws IOException {
        Path bundle = copy();
        Files.delete(bundle.resolve("clip-model.json"));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(bundle, extractRoot()));
        assertEquals("model bundle " + bundle + " has no clip-model.json", e.getMessage());
    }

    @Test
    void aMissingListedFileIsRefusedNamingIt() throws IOException {
        Path bundle = copy();
        Files.delete(bundle.resolve("tokenizer.json"));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(bundle, extractRoot()));
        assertEquals("model bundle " + bundle + ": tokenizer.json is listed in clip-model.json but missing", e.getMessage());
    }

    @Test
    void withSeveralFilesMissingTheFirstListedIsNamed() throws IOException {
        Path bundle = copy();
        Files.delete(bundle.resolve("tokenizer.json"));
        Files.delete(bundle.resolve("image_encoder.pt"));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(bundle, extractRoot()));
        assertEquals("model bundle " + bundle + ": image_encoder.pt is listed in clip-model.json but missing", e.getMessage());
    }

    @Test
    void aTamperedFileIsRefusedWithBothDigests() throws Exception {
        Path bundle = copy();
        Path encoder = bundle.resolve("text_encoder.pt");
        String expected = sha256(encoder);
        Files.write(encoder, new byte[] { 0 }, StandardOpenOption.APPEND);
        String actual = sha256(encoder);
        assertNotEquals(expected, actual);
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(bundle, extractRoot()));
        assertEquals(
            "model bundle " + bundle + ": text_encoder.pt has sha256 " + actual + " but clip-model.json expects " + expected
                + " (corrupt or replaced file)",
            e.getMessage()
        );
    }

    @Test
    void aTamperedFileInsideAZipIsRefusedNamingTheZip() throws Exception {
        Path bundle = copy();
        try (OutputStream out = Files.newOutputStream(bundle.resolve("image_encoder.pt"), StandardOpenOption.APPEND)) {
            out.write(42);
        }
        Path zip = zip(bundle, "", "tampered.zip");
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(zip, extractRoot()));
        assertTrue(e.getMessage().startsWith("model bundle " + zip + ": image_encoder.pt has sha256 "), e.getMessage());
    }

    @Test
    void aMalformedManifestIsRefusedNamingTheBundleAndFile() throws IOException {
        Path bundle = copy();
        Files.writeString(bundle.resolve("clip-model.json"), "{\"name\": \"tiny\",", StandardCharsets.UTF_8);
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(bundle, extractRoot()));
        assertTrue(e.getMessage().startsWith("model bundle " + bundle + ": clip-model.json: not valid JSON"), e.getMessage());
    }

    @Test
    void anInvalidManifestKeyIsRefusedNamingTheBundleAndKey() throws IOException {
        Path bundle = copy();
        Path manifest = bundle.resolve("clip-model.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"embedding_dim\": 32", "\"embedding_dim\": \"32\""));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(bundle, extractRoot()));
        assertEquals(
            "model bundle " + bundle + ": clip-model.json: [embedding_dim] is required and must be a positive integer",
            e.getMessage()
        );
    }

    @Test
    void anUnknownFormatVersionIsRefusedNamingTheBundle() throws IOException {
        Path bundle = copy();
        Path manifest = bundle.resolve("clip-model.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"format_version\": 1", "\"format_version\": 7"));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(bundle, extractRoot()));
        assertEquals(
            "model bundle " + bundle + ": clip-model.json: format_version 7 is not supported (this plugin reads version 1)",
            e.getMessage()
        );
    }

    @Test
    void aZipThatIsNoZipIsRefusedAsHavingNoManifest() throws IOException {
        Path zip = Files.write(temp.resolve("garbage.zip"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(zip, extractRoot()));
        assertEquals("model bundle " + zip + " has no clip-model.json", e.getMessage());
    }

    @Test
    void aZipEntryThatEscapesTheBundleIsRefused() throws IOException {
        Path zip = temp.resolve("escape.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("x/.."));
            out.write("escape".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(zip, extractRoot()));
        assertEquals("model bundle " + zip + ": entry [x/..] escapes the bundle", e.getMessage());
        assertTrue(Files.notExists(temp.resolve("escape")));
    }

    @Test
    void peekingReadsTheManifestWithoutCheckingDigests() throws IOException {
        Path bundle = copy();
        Files.write(bundle.resolve("text_encoder.pt"), new byte[] { 1 }, StandardOpenOption.APPEND);
        assertEquals("tiny-clip-test", ModelBundle.peekManifest(bundle).name());
        assertEquals("tiny-clip-test", ModelBundle.peekManifest(zip(bundle, "tiny-clip/", "peek.zip")).name());
    }

    @Test
    void peekingAZipWithoutManifestIsRefused() throws IOException {
        Path bundle = copy();
        Files.delete(bundle.resolve("clip-model.json"));
        Path zip = zip(bundle, "", "no-manifest.zip");
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.peekManifest(zip));
        assertEquals("model bundle " + zip + " has no clip-model.json", e.getMessage());
    }

    @Test
    void peekingRefusesABadManifestNamingTheBundle() throws IOException {
        Path bundle = copy();
        Files.writeString(bundle.resolve("clip-model.json"), "[]", StandardCharsets.UTF_8);
        BundleException bad = assertThrows(BundleException.class, () -> ModelBundle.peekManifest(bundle));
        assertEquals("model bundle " + bundle + ": clip-model.json: must be a JSON object", bad.getMessage());
        Files.delete(bundle.resolve("clip-model.json"));
        BundleException missing = assertThrows(BundleException.class, () -> ModelBundle.peekManifest(bundle));
        assertEquals("model bundle " + bundle + " has no clip-model.json", missing.getMessage());
    }
}
