package org.opensearch.clip.plugin.register;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.catalog.RemoteFile;
import org.opensearch.common.unit.TimeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads from a local HTTP server: verified files land in place; anything wrong is refused and leaves nothing. */
class ModelDownloaderTest {
    private static final byte[] FILE = "pretend this is a 300 MB TorchScript archive".getBytes(StandardCharsets.UTF_8);
    private static final String SHA256 = LocalFileServer.sha256(FILE);

    @TempDir
    Path work;
    private final LocalFileServer server = new LocalFileServer();
    private DownloadLimits limits = new DownloadLimits(1 << 20, TimeValue.timeValueSeconds(5), TimeValue.timeValueSeconds(5));
    private final ModelDownloader downloader = new ModelDownloader(() -> limits);

    @AfterEach
    void stop() {
        server.close();
    }

    private DownloadException refused(RemoteFile file, Path target) {
        DownloadException e = assertThrows(DownloadException.class, () -> downloader.download(file, target));
        assertTrue(Files.notExists(target), "nothing at " + target);
        assertTrue(Files.notExists(target.resolveSibling(target.getFileName() + ".partial")), "no partial file");
        return e;
    }

    @Test
    void downloadsAVerifiedFile() throws IOException {
        String url = server.serve("/clip/models/x/ViT-B-32.pt", FILE);
        Path target = work.resolve("sub/model.pt");
        assertEquals(FILE.length, downloader.download(new RemoteFile(url, SHA256), target));
        assertArrayEquals(FILE, Files.readAllBytes(target));
    }

    @Test
    void aWrongChecksumIsRefused() {
        String url = server.serve("/model.pt", FILE);
        String wrong = "0".repeat(64);
        DownloadException e = refused(new RemoteFile(url, wrong), work.resolve("model.pt"));
        assertEquals("refused " + url + ": its sha256 is " + SHA256 + " but " + wrong + " was expected (a different or corrupted file)",
            e.getMessage());
    }

    @Test
    void aFileOverTheLimitIsRefusedByItsLengthAndWhileReading() {
        limits = new DownloadLimits(10, TimeValue.timeValueSeconds(5), TimeValue.timeValueSeconds(5));
        String url = server.serve("/big.pt", FILE);
        DownloadException byLength = refused(new RemoteFile(url, SHA256), work.resolve("a.pt"));
        assertEquals(url + " is " + FILE.length + "b, over the download limit 10b (clip.models.download.max_bytes)", byLength.getMessage());
        server.chunked(true);
        DownloadException whileReading = refused(new RemoteFile(url, SHA256), work.resolve("b.pt"));
        assertEquals(url + " is larger than the download limit 10b (clip.models.download.max_bytes)", whileReading.getMessage());
    }

    @Test
    void followsRedirects() throws IOException {
        String url = server.serve("/real/model.pt", FILE);
        server.redirect("/model.pt", url);
        server.redirect("/old/model.pt", "/model.pt");
        Path target = work.resolve("model.pt");
        downloader.download(new RemoteFile(server.url("/old/model.pt"), SHA256), target);
        assertArrayEquals(FILE, Files.readAllBytes(target));
        assertEquals(1, server.requests("/real/model.pt"));
    }

    @Test
    void httpErrorsAndTimeoutsSayWhatHappened() {
        String missing = server.url("/missing.pt");
        assertEquals(missing + " answered HTTP 404", refused(new RemoteFile(missing, SHA256), work.resolve("m.pt")).getMessage());

        limits = new DownloadLimits(1 << 20, TimeValue.timeValueSeconds(5), TimeValue.timeValueMillis(200));
        String url = server.serve("/slow.pt", FILE);
        server.stall(2_000);
        DownloadException slow = refused(new RemoteFile(url, SHA256), work.resolve("s.pt"));
        assertTrue(slow.getMessage().startsWith(url + ": timed out ("), slow.getMessage());
        assertTrue(slow.getMessage().endsWith("read_timeout 200ms)"), slow.getMessage());

        String closed = "http://127.0.0.1:1/model.pt";
        DownloadException refusedConnection = refused(new RemoteFile(closed, SHA256), work.resolve("c.pt"));
        assertTrue(refusedConnection.getMessage().startsWith(closed + ": java.net.ConnectException"), refusedConnection.getMessage());
    }
}
