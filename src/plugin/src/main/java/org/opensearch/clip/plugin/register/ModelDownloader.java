package org.opensearch.clip.plugin.register;

import org.opensearch.clip.encoder.catalog.RemoteFile;
import org.opensearch.clip.plugin.outbound.Credential;
import org.opensearch.clip.plugin.outbound.OutboundClient;
import org.opensearch.clip.plugin.outbound.OutboundException;
import org.opensearch.clip.plugin.outbound.OutboundResponse;
import org.opensearch.clip.plugin.outbound.SafeUrl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Downloads a file through the {@link OutboundClient} (so under the clip.fetch policy) into a local path, refusing it
 * unless it is at most the size limit and its sha256 is the one given. The bytes go to {@code <target>.partial} first
 * and are moved into place only once verified, so a refused or broken download leaves nothing behind. A failure's
 * message says only that the download failed, or what the policy refused; what the server answered (status, size,
 * checksum, connection errors) goes to the exception's log detail, for the node log.
 */
public final class ModelDownloader {
    private final OutboundClient client;
    private final Supplier<DownloadLimits> limits;

    /** @param limits read at the start of each download, so that dynamic settings apply to the next one */
    public ModelDownloader(OutboundClient client, Supplier<DownloadLimits> limits) {
        this.client = client;
        this.limits = limits;
    }

    /** Downloads {@code file} to {@code target} (replacing it), verified; returns the number of bytes. */
    public long download(RemoteFile file, Path target) throws DownloadException {
        return download(file, target, null);
    }

    /** The same, sending {@code credential} (may be null) to its own origin only, never across a redirect to another. */
    public long download(RemoteFile file, Path target, Credential credential) throws DownloadException {
        String shown = SafeUrl.display(file.url());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.getParent());
            long size;
            String sha256;
            try (OutboundResponse response = client.get(file.url(), limits.get().fetchLimits(), credential);
                InputStream in = response.body();
                OutputStream out = Files.newOutputStream(partial)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                size = copy(in, out, digest);
                sha256 = HexFormat.of().formatHex(digest.digest());
            }
            if (!sha256.equals(file.sha256())) {
                throw failed(shown, "its sha256 is " + sha256 + " but " + file.sha256() + " was expected (a different or corrupted file, "
                    + size + " bytes)", null);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return size;
        } catch (OutboundException e) {
            if (e.kind() == OutboundException.Kind.REFUSED) {
                throw new DownloadException("refused by clip.fetch policy: " + e.getMessage(), e.logDetail(), e);
            }
            throw failed(shown, e.logDetail(), e);
        } catch (DownloadException e) {
            throw e;
        } catch (IOException e) {
            throw failed(shown, "writing " + partial + ": " + e, e);
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

    private static DownloadException failed(String shownUrl, String detail, Throwable cause) {
        return new DownloadException("download of " + shownUrl + " failed (see the node log)", "download of " + shownUrl + " failed: "
            + detail, cause);
    }

    private static long copy(InputStream in, OutputStream out, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        return total;
    }
}
