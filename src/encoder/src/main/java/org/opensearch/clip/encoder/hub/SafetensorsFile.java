package org.opensearch.clip.encoder.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and
 * {@code data_offsets} (relative to the end of the header), then the data. Everything the header claims is checked
 * against the file before any tensor is read: the header's length (at most {@link #MAX_HEADER_BYTES}), each dtype,
 * that each shape's byte count equals its offsets' span, and that every span lies inside the file without overlap.
 */
public final class SafetensorsFile implements CheckpointFile {
    /** The largest header read (CLIP checkpoints have headers of tens of KB). */
    public static final long MAX_HEADER_BYTES = 16L << 20;

    private final FileChannel channel;
    private final String fileName;
    private final long dataStart;
    private final Map<String, TensorEntry> tensors;

    private SafetensorsFile(FileChannel channel, String fileName, long dataStart, Map<String, TensorEntry> tensors) {
        this.channel = channel;
        this.fileName = fileName;
        this.dataStart = dataStart;
        this.tensors = tensors;
    }

    /** Opens and checks a safetensors file. */
    public static SafetensorsFile open(Path file) throws HubCheckpointException {
        String name = file.getFileName().toString();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            if (size < 8) {
                throw new HubCheckpointException(name + ": not a safetensors file (" + size + " bytes, shorter than its 8-byte header length)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw new HubCheckpointException(name + ": header length " + Long.toUnsignedString(headerLength) + " is impossible for a "
                    + size + "-byte file (at most " + MAX_HEADER_BYTES + " bytes are read)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            Map<String, TensorEntry> tensors = parseHeader(name, new String(header.array(), StandardCharsets.UTF_8), size - 8 - headerLength);
            SafetensorsFile result = new SafetensorsFile(channel, name, 8 + headerLength, tensors);
            channel = null;
            return result;
        } catch (IOException e) {
            throw new HubCheckpointException(name + ": cannot read: " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the first failure is the one reported
                }
            }
        }
    }

    static Map<String, TensorEntry> parseHeader(String name, String text, long dataBytes) throws HubCheckpointException {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new HubCheckpointException(name + ": the header is not a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (RuntimeException e) {
            throw new HubCheckpointException(name + ": the header is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        List<long[]> spans = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            String what = name + ": tensor [" + e.getKey() + "]";
            if (!e.getValue().isJsonObject()) {
                throw new HubCheckpointException(what + " is not described by an object");
            }
            JsonObject t = e.getValue().getAsJsonObject();
            TensorType type = t.has("dtype") && t.get("dtype").isJsonPrimitive() ? TensorType.ofSafetensors(t.get("dtype").getAsString()) : null;
            if (type == null) {
                throw new HubCheckpointException(what + " has dtype " + t.get("dtype") + ", not one of F32, F16, BF16, F64, I64, I32");
            }
            long[] shape = longs(what, t.get("shape"), "shape", 8);
            long[] offsets = longs(what, t.get("data_offsets"), "data_offsets", 2);
            if (offsets.length != 2 || offsets[0] > offsets[1] || offsets[1] > dataBytes) {
                throw new HubCheckpointException(what + " has data_offsets " + java.util.Arrays.toString(offsets) + " outside the file's "
                    + dataBytes + " data bytes");
            }
            TensorEntry entry = new TensorEntry(e.getKey(), type, shape, "offset", offsets[0]);
            long bytes;
            try {
                bytes = entry.bytes();
            } catch (ArithmeticException overflow) {
                throw new HubCheckpointException(what + " has an impossible shape " + entry.shapeText());
            }
            if (bytes != offsets[1] - offsets[0]) {
                throw new HubCheckpointException(what + ": shape " + entry.shapeText() + " of " + type + " takes " + bytes
                    + " bytes but its data_offsets span " + (offsets[1] - offsets[0]));
            }
            tensors.put(e.getKey(), entry);
            spans.add(new long[] { offsets[0], offsets[1], tensors.size() - 1 });
        }
        spans.sort(Comparator.comparingLong(s -> s[0]));
        for (int i = 1; i < spans.size(); i++) {
            if (spans.get(i)[0] < spans.get(i - 1)[1]) {
                throw new HubCheckpointException(name + ": the data of two tensors overlap");
            }
        }
        return Collections.unmodifiableMap(tensors);
    }

    private static long[] longs(String what, JsonElement e, String key, int maxLength) throws HubCheckpointException {
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() > maxLength) {
            throw new HubCheckpointException(what + " has no valid " + key);
        }
        JsonArray array = e.getAsJsonArray();
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonElement v = array.get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                throw new HubCheckpointException(what + " has a non-numeric " + key);
            }
            double d = v.getAsDouble();
            if (d < 0 || d != Math.rint(d) || d > (double) (1L << 53)) {
                throw new HubCheckpointException(what + " has an invalid " + key + " value " + v);
            }
            values[i] = v.getAsLong();
        }
        return values;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            at += n;
        }
        buffer.flip();
    }

    @Override
    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    @Override
    public ByteBuffer read(TensorEntry entry) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(entry.bytes())).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, buffer, dataStart + entry.offset());
        return buffer;
    }

    @Override
    public String fileName() {
        return fileName;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
