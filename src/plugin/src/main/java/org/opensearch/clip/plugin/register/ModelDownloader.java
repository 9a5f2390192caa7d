package org.opensearch.clip.plugin.register;

import org.opensearch.clip.encoder.catalog.RemoteFile;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.secure_sm.AccessController;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Downloads a file over HTTP(S) into a local path, refusing it unless it is at most the size limit and its sha256 is
 * the one given. The bytes go to {@code <target>.partial} first and are moved into place only once verified, so a
 * refused or broken download leaves nothing behind. Connections are opened in a privileged block: the plugin's
 * security policy grants it outgoing connections.
 */
public final class ModelDownloader {
    private static final int MAX_REDIRECTS = 5;

    private final Supplier<DownloadLimits> limits;

    /** @param limits read at the start of each download, so that dynamic settings apply to the next one */
    public ModelDownloader(Supplier<DownloadLimits> limits) {
        this.limits = limits;
    }

    /** Downloads {@code file} to {@code target} (replacing it), verified; returns the number of bytes. */
    public long download(RemoteFile file, Path target) throws DownloadException {
        DownloadLimits bounds = limits.get();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.getParent());
            HttpURLConnection connection = open(file.url(), bounds);
            try {
                long length = connection.getContentLengthLong();
                if (length > bounds.maxBytes()) {
                    throw new DownloadException(file.url() + " is " + new ByteSizeValue(length) + ", over the download limit "
                        + new ByteSizeValue(bounds.maxBytes()) + " (clip.models.download.max_bytes)");
                }
                long size;
                String sha256;
                try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(partial)) {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    size = copy(file.url(), in, out, digest, bounds.maxBytes());
                    sha256 = HexFormat.of().formatHex(digest.digest());
                }
                if (length >= 0 && size != length) {
                    throw new DownloadException(file.url() + ": the connection ended after " + size + " of " + length + " bytes");
                }
                if (!sha256.equals(file.sha256())) {
                    throw new DownloadException("refused " + file.url() + ": its sha256 is " + sha256 + " but " + file.sha256()
                        + " was expected (a different or corrupted file)");
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return size;
            } finally {
                connection.disconnect();
            }
        } catch (SocketTimeoutException e) {
            throw new DownloadException(file.url() + ": timed out (" + e.getMessage() + "; clip.models.download.connect_timeout is "
                + bounds.connectTimeout() + ", read_timeout " + bounds.readTimeout() + ")", e);
        } catch (DownloadException e) {
            throw e;
        } catch (IOException e) {
            throw new DownloadException(file.url() + ": " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // a leftover partial file is overwritten by the next attempt
            }
        }
    }

    /** Connects (following up to 5 redirects, http and https) and returns a connection answering 200. */
    private static HttpURLConnection open(String url, DownloadLimits bounds) throws IOException {
        String current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            URL target = URI.create(current).toURL();
            HttpURLConnection connection = AccessController.doPrivilegedChecked(() -> {
                HttpURLConnection c = (HttpURLConnection) target.openConnection();
                c.setConnectTimeout((int) bounds.connectTimeout().millis());
                c.setReadTimeout((int) bounds.readTimeout().millis());
                c.setInstanceFollowRedirects(false);
                c.setRequestProperty("User-Agent", "opensearch-clip");
                c.connect();
                c.getResponseCode();
                return c;
            });
            int status = connection.getResponseCode();
            if (status == HttpURLConnection.HTTP_OK) {
                return connection;
            }
            String location = connection.getHeaderField("Location");
            connection.disconnect();
            if (status / 100 == 3 && location != null) {
                URI next = URI.create(current).resolve(location);
                if (!"http".equals(next.getScheme()) && !"https".equals(next.getScheme())) {
                    throw new DownloadException(url + " redirects to " + next + ", which is not http or https");
                }
                current = next.toString();
                continue;
            }
            throw new DownloadException(current + " answered HTTP " + status + (hop > 0 ? " (redirected from " + url + ")" : ""));
        }
        throw new DownloadException(url + ": more than " + MAX_REDIRECTS + " redirects");
    }

    private static long copy(String url, InputStream in, OutputStream out, MessageDigest digest, long maxBytes) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new DownloadException(url + " is larger than the download limit " + new ByteSizeValue(maxBytes)
                    + " (clip.models.download.max_bytes)");
            }
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        return total;
    }
}
