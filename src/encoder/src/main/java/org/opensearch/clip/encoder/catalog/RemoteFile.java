package org.opensearch.clip.encoder.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A file to download and the sha256 it must have.
 *
 * @param url an http or https URL
 * @param sha256 lower-case hex digest of the file's bytes
 */
public record RemoteFile(String url, String sha256) {
    public RemoteFile {
        sha256 = sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 [" + sha256 + "] must be 64 hex characters");
        }
        URI uri = parse(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("url [" + url + "] must be http or https");
        }
    }

    /**
     * The same file fetched from a mirror: the URL's scheme and host are replaced by {@code baseUrl}, which may carry a
     * path prefix ({@code http://mirror:8080/clip} turns {@code https://host/a/b.pt} into
     * {@code http://mirror:8080/clip/a/b.pt}). An empty base keeps the file as it is.
     */
    public RemoteFile rebased(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            return this;
        }
        URI uri = parse(url);
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new RemoteFile(base + path + query, sha256);
    }

    /** The URL's last path segment, e.g. {@code ViT-B-32.pt}. */
    public String fileName() {
        String path = parse(url).getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? "download" : name;
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("url [" + url + "] has no host");
            }
            return uri;
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("url [" + url + "] is not a valid URL", e);
        }
    }
}
