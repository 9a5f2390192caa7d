package org.opensearch.clip.encoder.hub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

/** A weights file whose tensors have been listed and checked: safetensors or a PyTorch zip checkpoint. */
public interface CheckpointFile extends AutoCloseable {
    /** The tensors by name, in the file's order. */
    Map<String, TensorEntry> tensors();

    /** Reads one tensor's bytes (little-endian) into a new direct buffer of exactly {@link TensorEntry#bytes()}. */
    ByteBuffer read(TensorEntry entry) throws IOException;

    /** The file's name, for messages. */
    String fileName();

    @Override
    void close() throws IOException;
}
