package org.opensearch.clip.encoder.archive;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip laid out as PyTorch writes its archives: stored entries start their data on a 64-byte boundary (a
 * padding extra field in the local header), other entries are deflated.
 */
final class AlignedZipWriter implements Closeable {
    private static final int ALIGNMENT = 64;
    private static final int LOCAL_HEADER = 30;
    private static final int PADDING_ID = 0x4246; // "FB", the id PyTorch's writer uses for its padding field
    // a fixed time that a DOS date holds on its own (the DOS epoch itself would add an extended-timestamp field)
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    /** Writes an entry's bytes into the zip stream (which it must not close). */
    interface Body {
        void writeTo(OutputStream sink) throws IOException;
    }

    private final Counter counter;
    private final ZipOutputStream zip;

    AlignedZipWriter(OutputStream out) {
        this.counter = new Counter(new BufferedOutputStream(out, 1 << 16));
        this.zip = new ZipOutputStream(counter, StandardCharsets.UTF_8);
    }

    /** Writes an entry held in memory, stored (aligned) or deflated. */
    void write(String name, boolean stored, byte[] data) throws IOException {
        if (stored) {
            CRC32 crc = new CRC32();
            crc.update(data);
            writeStored(name, data.length, crc.getValue(), sink -> sink.write(data));
        } else {
            ZipEntry entry = new ZipEntry(name);
            entry.setTimeLocal(ENTRY_TIME);
            entry.setMethod(ZipEntry.DEFLATED);
            zip.putNextEntry(entry);
            zip.write(data);
            zip.closeEntry();
        }
    }

    /** Writes a stored entry whose size and CRC are known before its bytes; its data starts 64-byte aligned. */
    void writeStored(String name, long size, long crc, Body body) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc);
        long dataStart = counter.count + LOCAL_HEADER + name.getBytes(StandardCharsets.UTF_8).length;
        int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
        if (pad > 0 && pad < 4) {
            pad += ALIGNMENT; // an extra field needs at least its 4-byte header
        }
        if (pad > 0) {
            byte[] extra = new byte[pad];
            extra[0] = (byte) PADDING_ID;
            extra[1] = (byte) (PADDING_ID >>> 8);
            extra[2] = (byte) (pad - 4);
            extra[3] = (byte) ((pad - 4) >>> 8);
            entry.setExtra(extra);
        }
        zip.putNextEntry(entry);
        body.writeTo(zip);
        zip.closeEntry();
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** Counts the bytes that reach the file, so that entry offsets are known. */
    private static final class Counter extends FilterOutputStream {
        long count;

        Counter(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
