package org.opensearch.clip.trainer.emoji;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Streams the regular files of a gzip-compressed tar archive (ustar, with pax and GNU long-name headers), as npm
 * package tarballs are.
 */
final class TarGzReader {
    private static final int BLOCK = 512;

    /** Receives each regular file; it may read {@code content} (exactly {@code size} bytes) or leave it. */
    interface EntryVisitor {
        void visit(String path, long size, InputStream content) throws IOException;
    }

    private TarGzReader() {}

    /** Calls {@code visitor} for every regular file in the archive, in archive order. */
    static void read(InputStream compressed, EntryVisitor visitor) throws IOException {
        InputStream in = new GZIPInputStream(compressed, 1 << 16);
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            if (!readFully(in, header)) {
                return;
            }
            if (isZeroBlock(header)) {
                return;
            }
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            String name = longName != null ? longName : ustarName(header);
            longName = null;
            BoundedInputStream content = new BoundedInputStream(in, size);
            switch (type) {
                case 'x' -> longName = paxPath(new String(content.readAllBytes(), StandardCharsets.UTF_8));
                case 'L' -> longName = cString(content.readAllBytes());
                case '0', '\0' -> visitor.visit(name, size, content);
                default -> {
                    // directories, links and global headers carry nothing this reader needs
                }
            }
            content.skipRest();
            long padding = (BLOCK - size % BLOCK) % BLOCK;
            in.skipNBytes(padding);
        }
    }

    private static String ustarName(byte[] header) {
        String name = cString(slice(header, 0, 100));
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(slice(header, 345, 155)) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records) {
        int i = 0;
        while (i < records.length()) {
            int space = records.indexOf(' ', i);
            if (space < 0) {
                break;
            }
            int length = Integer.parseInt(records.substring(i, space));
            String record = records.substring(space + 1, i + length - 1);
            if (record.startsWith("path=")) {
                return record.substring("path=".length());
            }
            i += length;
        }
        return null;
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(bytes, from, out, 0, length);
        return out;
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) throws IOException {
        long value = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = header[i];
            if (b == 0 || b == ' ') {
                if (value > 0) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7') {
                throw new IOException("corrupt tar header: bad size field");
            }
            value = value * 8 + (b - '0');
        }
        return value;
    }

    private static boolean isZeroBlock(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int n = in.readNBytes(buffer, 0, buffer.length);
        if (n == 0) {
            return false;
        }
        if (n < buffer.length) {
            throw new EOFException("truncated tar archive");
        }
        return true;
    }

    /** The content of one entry: at most {@code remaining} bytes of the archive stream, never closing it. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long size) {
            this.in = in;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("truncated tar entry");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("truncated tar entry");
            }
            remaining -= n;
            return n;
        }

        void skipRest() throws IOException {
            in.skipNBytes(remaining);
            remaining = 0;
        }

        @Override
        public void close() {
            // the archive stream stays open for the next entry
        }
    }
}
