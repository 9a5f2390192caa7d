package org.opensearch.clip.trainer.ivf;

import java.io.IOException;
import java.util.function.Consumer;

/** Where the vectors to cluster come from: a file or an index, read once from start to end. */
interface VectorSource {
    /** Hands every vector to {@code sink}, in order. */
    void forEach(Consumer<float[]> sink) throws IOException;

    /** What the source is, for the model's training record. */
    String describe();
}
