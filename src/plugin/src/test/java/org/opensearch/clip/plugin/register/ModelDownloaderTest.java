package org.opensearch.clip.plugin.register;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.catalog.RemoteFile;
import org.opensearch.clip.plugin.outbound.OutboundClient;
import org.opensearch.clip.plugin.outbound.OutboundPolicy;
import org.opensearch.clip.plugin.outbound.OutboundSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloads from a local HTTP server (allowed by an explicit 127.0.0.1/32 policy entry): verified files land in place;
 * anything wrong is refused and leaves nothing, with a message that says only that the download failed (or what the
 * policy refused) and the details in the exception's log detail.
 */
class ModelDownloaderTest {
    private static final byte[] FILE = "pretend this is a 300 MB TorchScript archive".getBytes(StandardCharsets.UTF_8);
    private static final String SHA256 = LocalFileServer.sha256(FILE);

    /** The policy the registration tests run under: any host, 127.0.0.1 allowed, any port. */
    static final OutboundPolicy LOCAL_SERVERS = new OutboundPolicy(List.of("*"), List.of("127.0.0.1/32"), List.of("*"), 3, 4);

    /** A downloader to the tests' servers on 127.0.0.1 with small limits (16 MiB; 5 s to connect, 10 s to read, 30 s in all). */
    static ModelDownloader toLocalServers() {
        DownloadLimits limits = new DownloadLimits(1 << 24, TimeValue.timeValueSeconds(5), TimeValue.timeValueSeconds(10),
            TimeValue.timeValueSeconds(30));
        return new ModelDownloader(OutboundClient.forNode(() -> LOCAL_SERVERS), () -> limits);
    }

    @TempDir
    Path work;
    private final LocalFileServer server = new LocalFileServer();
    private OutboundPolicy policy = LOCAL_SERVERS;
    private DownloadLimits limits = limits(1 << 20, 5000);
    private final ModelDownloader downloader = new ModelDownloader(OutboundClient.forNode(() -> policy), () -> limits);

    @AfterEach
    void stop() {
        server.close();
    }

    private static DownloadLimits limits(long maxBytes, long readMillis) {
        return new DownloadLimits(maxBytes, TimeValue.timeValueSeconds(5), TimeValue.timeValueMillis(readMillis), TimeValue.timeValueSeconds(10));
    }

    private DownloadException refused(RemoteFile file, Path target) {
        DownloadException e = assertThrows(DownloadException.class, () -> downloader.download(file, target));
        assertTrue(Files.notExists(target), "nothing at " + target);
        assertTrue(Files.notExists(target.resolveSibling(target.getFileName() + ".partial")), "no partial file");
        return e;
    }

    /** The failure of {@code url}: a message with nothing from the answer; returns the log detail. */
    private String failedWithoutDetails(String url, String sha256, Path target) {
        DownloadException e = refused(new RemoteFile(url, sha256), target);
        assertEquals("download of " + url + " failed (see the node log)", e.getMessage());
        return e.logDetail();
    }

    @Test
    void downloadsAVerifiedFile() throws IOException {
        String url = server.serve("/clip/models/x/ViT-B-32.pt", FILE);
        Path target = work.resolve("sub/model.pt");
        assertEquals(FILE.length, downloader.download(new RemoteFile(url, SHA256), target));
        assertArrayEquals(FILE, Files.readAllBytes(target));
    }

    @Test
    void aWrongChecksumIsRefusedWithoutShowingTheChecksumOfWhatCameBack() {
        String url = server.serve("/model.pt", FILE);
        String wrong = "0".repeat(64);
        String detail = failedWithoutDetails(url, wrong, work.resolve("model.pt"));
        assertEquals("download of " + url + " failed: its sha256 is " + SHA256 + " but " + wrong + " was expected (a different or "
            + "corrupted file, " + FILE.length + " bytes)", detail);
    }

    @Test
    void aFileOverTheLimitIsRefusedByItsLengthAndWhileReading() {
        limits = limits(10, 5000);
        String url = server.serve("/big.pt", FILE);
        assertTrue(failedWithoutDetails(url, SHA256, work.resolve("a.pt")).endsWith(url + " is larger than the limit of 10b "
            + "(clip.models.download.max_bytes)"));
        server.chunked(true);
        assertTrue(failedWithoutDetails(url, SHA256, work.resolve("b.pt")).endsWith("is larger than the limit of 10b "
            + "(clip.models.download.max_bytes)"));
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
    void statusesTimeoutsAndClosedPortsAllFailAlikeWithTheDetailsForTheLog() throws IOException {
        assertTrue(failedWithoutDetails(server.url("/missing.pt"), SHA256, work.resolve("m.pt")).endsWith("answered 404"));

        limits = limits(1 << 20, 200);
        String url = server.serve("/slow.pt", FILE);
        server.stall(2_000);
        assertTrue(failedWithoutDetails(url, SHA256, work.resolve("s.pt")).endsWith("nothing received for 200ms (the read timeout)"));

        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        String closed = "http://127.0.0.1:" + closedPort + "/model.pt";
        assertTrue(failedWithoutDetails(closed, SHA256, work.resolve("c.pt")).contains("Connection refused"));
    }

    @Test
    void theNodesDefaultPolicyRefusesLoopbackAndOtherPortsBeforeConnecting() {
        policy = OutboundSettings.policy(Settings.EMPTY);
        String url = server.serve("/model.pt", FILE);
        assertEquals("refused by clip.fetch policy: " + url + ": refused: 127.0.0.1 is a loopback address; allow it with "
            + "clip.fetch.allowed_cidrs", refused(new RemoteFile(url, SHA256), work.resolve("model.pt")).getMessage());
        policy = OutboundSettings.policy(Settings.builder().putList("clip.fetch.allowed_cidrs", "127.0.0.1/32").build());
        assertEquals("refused by clip.fetch policy: " + url + ": refused: port " + server.port() + " is not in clip.fetch.allowed_ports "
            + "[80, 443]", refused(new RemoteFile(url, SHA256), work.resolve("model.pt")).getMessage());
        assertEquals(0, server.requests("/model.pt"));
    }

    @Test
    void credentialsInTheUrlAreNeverRepeated() {
        String url = server.serve("/model.pt", FILE).replace("http://", "http://admin:hunter2@");
        DownloadException e = refused(new RemoteFile(url, SHA256), work.resolve("model.pt"));
        assertFalse(e.getMessage().contains("hunter2") || e.logDetail().contains("hunter2") || e.getMessage().contains("admin"), e.getMessage());
        assertTrue(e.getMessage().startsWith("refused by clip.fetch policy: " + server.url("/model.pt") + ": refused: the URL carries credentials"),
            e.getMessage());
    }
}
