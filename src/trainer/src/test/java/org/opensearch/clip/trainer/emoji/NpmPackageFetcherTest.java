package org.opensearch.clip.trainer.emoji;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emoji cache fetching from a local stand-in for the npm registry. */
class NpmPackageFetcherTest {
    private HttpServer server;
    private byte[] tarball;
    private String integrity;

    @BeforeEach
    void serve() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/package.json", "{\"name\": \"emoji-datasource-google\"}".getBytes(StandardCharsets.UTF_8));
        files.put("package/emoji.json", "[]".getBytes(StandardCharsets.UTF_8));
        files.put("package/img/google/64/1f355.png", new byte[] { 1, 2, 3 });
        files.put("package/img/google/64/" + "a".repeat(120) + ".png", new byte[] { 4 }); // needs a pax path header
        files.put("package/img/google/sheets/32.png", new byte[] { 5 });
        files.put("package/img/twitter/64/1f355.png", new byte[] { 6 });
        tarball = tarGz(files);
        integrity = "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(tarball));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/emoji-datasource-google/16.0.0", exchange -> {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            byte[] body = ("{\"dist\": {\"tarball\": \"" + base + "/t.tgz\", \"integrity\": \"" + integrity + "\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/t.tgz", exchange -> {
            exchange.sendResponseHeaders(200, tarball.length);
            exchange.getResponseBody().write(tarball);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String registry() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void fetchesChecksAndUnpacksOnlyTheSetsFiles(@TempDir Path cacheRoot) throws Exception {
        EmojiPackageCache cache = new EmojiPackageCache(cacheRoot, "16.0.0");
        assertFalse(cache.contains("google"));
        Path dir = cache.fetch("google", new NpmPackageFetcher(registry()));
        assertEquals(cacheRoot.resolve("emoji-datasource-google-16.0.0"), dir);
        assertTrue(cache.contains("google"));
        assertEquals("[]", Files.readString(dir.resolve("emoji.json")));
        assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(dir.resolve("img/google/64/1f355.png")));
        assertArrayEquals(new byte[] { 4 }, Files.readAllBytes(dir.resolve("img/google/64/" + "a".repeat(120) + ".png")));
        assertFalse(Files.exists(dir.resolve("img/google/sheets")));
        assertFalse(Files.exists(dir.resolve("img/twitter")));
        try (var list = Files.list(cacheRoot)) {
            assertEquals(1, list.count(), "no temporary files left behind");
        }
    }

    @Test
    void refusesATarballThatDoesNotMatchItsIntegrity(@TempDir Path cacheRoot) {
        tarball = tarball.clone();
        tarball[tarball.length / 2] ^= 1;
        EmojiPackageCache cache = new EmojiPackageCache(cacheRoot, "16.0.0");
        IOException e = assertThrows(IOException.class, () -> cache.fetch("google", new NpmPackageFetcher(registry())));
        assertTrue(e.getMessage().contains("sha512"), e.getMessage());
        assertFalse(cache.contains("google"));
    }

    @Test
    void refusesUnknownSets(@TempDir Path cacheRoot) {
        assertThrows(IllegalArgumentException.class, () -> new EmojiPackageCache(cacheRoot, "16.0.0").packageDir("apple"));
    }

    /** A gzip'ed tar with ustar headers; names over 100 bytes get a pax header first. */
    static byte[] tarGz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                String name = file.getKey();
                if (name.getBytes(StandardCharsets.UTF_8).length > 100) {
                    String record = "path=" + name + "\n";
                    int length = record.length() + 3;
                    length = record.length() + Integer.toString(length).length() + 1;
                    byte[] pax = (length + " " + record).getBytes(StandardCharsets.UTF_8);
                    entry(gz, "PaxHeader", 'x', pax);
                    name = name.substring(0, 100);
                }
                entry(gz, name, '0', file.getValue());
            }
            gz.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    private static void entry(GZIPOutputStream out, String name, char type, byte[] content) throws IOException {
        byte[] header = new byte[512];
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(nameBytes, 0, header, 0, Math.min(100, nameBytes.length));
        put(header, 100, "0000644\0");
        put(header, 108, "0000000\0");
        put(header, 116, "0000000\0");
        put(header, 124, String.format("%011o\0", content.length));
        put(header, 136, "00000000000\0");
        put(header, 148, "        ");
        header[156] = (byte) type;
        put(header, 257, "ustar\0");
        put(header, 263, "00");
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o\0 ", sum));
        out.write(header);
        out.write(content);
        out.write(new byte[(512 - content.length % 512) % 512]);
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
