package org.opensearch.clip.trainer.emoji;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * Downloads one version of an npm package tarball from a registry, checks it against the registry's
 * {@code dist.integrity} (sha512), and unpacks the files a filter selects (paths without the {@code package/} prefix).
 */
public final class NpmPackageFetcher {
    /** The public npm registry. */
    public static final String DEFAULT_REGISTRY = "https://registry.npmjs.org";

    private final HttpClient http;
    private final String registry;

    /** A fetcher for {@code registry} (e.g. {@link #DEFAULT_REGISTRY}). */
    public NpmPackageFetcher(String registry) {
        this.registry = registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** Fetches {@code name@version} and unpacks the selected files into {@code target}, which must not exist yet. */
    public void fetch(String name, String version, Predicate<String> keep, Path target) throws IOException {
        JsonObject metadata = getJson(URI.create(registry + "/" + name + "/" + version));
        JsonObject dist = metadata.getAsJsonObject("dist");
        if (dist == null || !dist.has("tarball") || !dist.has("integrity")) {
            throw new IOException("registry metadata of " + name + "@" + version + " has no dist.tarball / dist.integrity");
        }
        String integrity = dist.get("integrity").getAsString();
        if (!integrity.startsWith("sha512-")) {
            throw new IOException(name + "@" + version + ": unsupported integrity [" + integrity + "], expected sha512-…");
        }
        byte[] expected = Base64.getDecoder().decode(integrity.substring("sha512-".length()));
        Path tarball = Files.createTempFile(target.getParent(), name, ".tgz.partial");
        try {
            download(URI.create(dist.get("tarball").getAsString()), tarball, expected);
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            deleteTree(partial);
            Files.createDirectories(partial);
            try (InputStream in = Files.newInputStream(tarball)) {
                TarGzReader.read(in, (path, size, content) -> {
                    String relative = path.startsWith("package/") ? path.substring("package/".length()) : path;
                    if (!keep.test(relative)) {
                        return;
                    }
                    Path out = partial.resolve(relative).normalize();
                    if (!out.startsWith(partial)) {
                        throw new IOException("tarball entry [" + path + "] escapes the package folder");
                    }
                    Files.createDirectories(out.getParent());
                    Files.copy(content, out, StandardCopyOption.REPLACE_EXISTING);
                });
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tarball);
        }
    }

    private JsonObject getJson(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "application/json").timeout(Duration.ofMinutes(1)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
            }
            return JsonParser.parseString(response.body()).getAsJsonObject();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
    }

    private void download(URI uri, Path file, byte[] expectedSha512) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            try (InputStream in = new DigestInputStream(response.body(), digest); OutputStream out = Files.newOutputStream(file)) {
                in.transferTo(out);
            }
            if (!MessageDigest.isEqual(digest.digest(), expectedSha512)) {
                throw new IOException("download of " + uri + " does not match the registry's sha512 integrity");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + uri, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }

    private static void deleteTree(Path path) throws IOException {
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
