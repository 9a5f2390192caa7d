package org.opensearch.clip.encoder.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A PyTorch zip checkpoint ({@code pytorch_model.bin}, {@code open_clip_pytorch_model.bin}: {@code torch.save} since
 * PyTorch 1.6): {@code <prefix>/data.pkl}, a pickled state dict read by {@link StateDictPickle}, and one
 * {@code <prefix>/data/<key>} entry per storage. Every tensor must be contiguous and lie inside its storage, whose
 * entry must hold exactly the storage's declared bytes. A {@code {"state_dict": ...}} training checkpoint is
 * unwrapped and a {@code module.} prefix (DataParallel) dropped. A TorchScript archive ({@code torch.jit.save}, e.g.
 * OpenAI's released CLIP {@code .pt} files) has the same layout with a pickled module tree in {@code data.pkl}: opened
 * with {@link #openArchive}, its tensors are named by attribute path as {@code state_dict()} names them.
 */
public final class TorchZipCheckpoint implements CheckpointFile {
    /** The largest data.pkl read (a CLIP state dict's is tens of KB). */
    static final long MAX_PICKLE_BYTES = 64L << 20;

    private final ZipFile zip;
    private final String fileName;
    private final Map<String, TensorEntry> tensors;

    private TorchZipCheckpoint(ZipFile zip, String fileName, Map<String, TensorEntry> tensors) {
        this.zip = zip;
        this.fileName = fileName;
        this.tensors = tensors;
    }

    /** How a {@code data.pkl} becomes a dictionary of tensors (and other values, ignored). */
    private interface PickleReader {
        Map<String, Object> read(byte[] pickle, String source) throws HubCheckpointException;
    }

    /** Opens and checks a PyTorch zip checkpoint. */
    public static TorchZipCheckpoint open(Path file) throws HubCheckpointException {
        return open(file, TorchZipCheckpoint::stateDict);
    }

    /** Opens and checks a TorchScript archive, its module tree's tensors named as {@code state_dict()} names them. */
    public static TorchZipCheckpoint openArchive(Path file) throws HubCheckpointException {
        return open(file, StateDictPickle::readModule);
    }

    private static Map<String, Object> stateDict(byte[] pickle, String source) throws HubCheckpointException {
        Map<String, Object> dict = StateDictPickle.read(pickle, source);
        if (dict.get("state_dict") instanceof Map<?, ?> inner) {
            @SuppressWarnings("unchecked")
            Map<String, Object> unwrapped = (Map<String, Object>) inner;
            return unwrapped;
        }
        return dict;
    }

    private static TorchZipCheckpoint open(Path file, PickleReader reader) throws HubCheckpointException {
        String name = file.getFileName().toString();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new HubCheckpointException(name + ": not a PyTorch zip checkpoint (" + e.getMessage()
                + "); checkpoints saved before PyTorch 1.6 in the legacy format are not read: save the model again or use safetensors", e);
        }
        try {
            TorchZipCheckpoint result = new TorchZipCheckpoint(zip, name, list(zip, name, reader));
            zip = null;
            return result;
        } finally {
            if (zip != null) {
                try {
                    zip.close();
                } catch (IOException ignored) {
                    // the first failure is the one reported
                }
            }
        }
    }

    private static Map<String, TensorEntry> list(ZipFile zip, String name, PickleReader reader) throws HubCheckpointException {
        ZipEntry pickle = zip.stream().filter(e -> e.getName().endsWith("/data.pkl") && e.getName().indexOf('/') == e.getName().length() - 9)
            .findFirst().orElse(null);
        if (pickle == null) {
            throw new HubCheckpointException(name + ": a zip without <name>/data.pkl is not a PyTorch checkpoint");
        }
        String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
        if (pickle.getSize() > MAX_PICKLE_BYTES) {
            throw new HubCheckpointException(name + ": " + pickle.getName() + " is larger than " + MAX_PICKLE_BYTES + " bytes");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(pickle)) {
            bytes = in.readNBytes((int) MAX_PICKLE_BYTES + 1);
        } catch (IOException e) {
            throw new HubCheckpointException(name + ": cannot read " + pickle.getName() + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_PICKLE_BYTES) {
            throw new HubCheckpointException(name + ": " + pickle.getName() + " is larger than " + MAX_PICKLE_BYTES + " bytes");
        }
        Map<String, Object> dict = reader.read(bytes, name + " " + pickle.getName());
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : dict.entrySet()) {
            if (!(e.getValue() instanceof StateDictPickle.TensorRef ref)) {
                continue; // e.g. a training checkpoint's epoch number
            }
            String tensorName = e.getKey().startsWith("module.") ? e.getKey().substring("module.".length()) : e.getKey();
            String what = name + ": tensor [" + e.getKey() + "]";
            if (ref.type() == null) {
                throw new HubCheckpointException(what + " has a storage type this reader does not know");
            }
            ZipEntry data = zip.getEntry(prefix + "data/" + ref.storageKey());
            if (data == null) {
                throw new HubCheckpointException(what + ": its storage " + prefix + "data/" + ref.storageKey() + " is missing");
            }
            if (data.getMethod() != ZipEntry.STORED) {
                throw new HubCheckpointException(what + ": its storage is compressed, which torch.save never does");
            }
            TensorEntry entry = new TensorEntry(tensorName, ref.type(), ref.size(), data.getName(), 0);
            long elements;
            long storageBytes;
            long offsetBytes;
            try {
                elements = entry.elements();
                storageBytes = Math.multiplyExact(ref.storageElements(), ref.type().bytes());
                offsetBytes = Math.multiplyExact(ref.offset(), ref.type().bytes());
                if (Math.addExact(ref.offset(), elements) > ref.storageElements()) {
                    throw new HubCheckpointException(what + ": shape " + entry.shapeText() + " at offset " + ref.offset()
                        + " lies outside its storage of " + ref.storageElements() + " elements");
                }
            } catch (ArithmeticException overflow) {
                throw new HubCheckpointException(what + " has an impossible shape " + entry.shapeText());
            }
            if (data.getSize() != storageBytes) {
                throw new HubCheckpointException(what + ": its storage declares " + storageBytes + " bytes but "
                    + data.getName() + " holds " + data.getSize());
            }
            if (!contiguous(ref.size(), ref.stride())) {
                throw new HubCheckpointException(what + " is not contiguous (stride " + java.util.Arrays.toString(ref.stride()) + ")");
            }
            tensors.put(tensorName, new TensorEntry(tensorName, ref.type(), ref.size(), data.getName(), offsetBytes));
        }
        return Collections.unmodifiableMap(tensors);
    }

    private static boolean contiguous(long[] size, long[] stride) {
        if (size.length != stride.length) {
            return false;
        }
        long expected = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            if (size[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= size[i];
        }
        return true;
    }

    @Override
    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    @Override
    public ByteBuffer read(TensorEntry entry) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(entry.bytes())).order(ByteOrder.LITTLE_ENDIAN);
        try (InputStream in = zip.getInputStream(zip.getEntry(entry.source()))) {
            in.skipNBytes(entry.offset());
            byte[] chunk = new byte[1 << 16];
            while (buffer.hasRemaining()) {
                int n = in.read(chunk, 0, Math.min(chunk.length, buffer.remaining()));
                if (n < 0) {
                    throw new IOException(fileName + ": " + entry.source() + " ends early");
                }
                buffer.put(chunk, 0, n);
            }
        }
        buffer.flip();
        return buffer;
    }

    @Override
    public String fileName() {
        return fileName;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
