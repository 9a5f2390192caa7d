package org.opensearch.clip.encoder.hub;

import org.opensearch.clip.encoder.bundle.ModelManifest;

import java.nio.file.Path;

/**
 * Builds a two-file model bundle ({@code image_encoder.pt}, {@code text_encoder.pt}, {@code tokenizer.json},
 * {@code clip-model.json}) from a Hugging Face Hub snapshot directory, in Java, without Python.
 */
public final class HubBundleBuilder {
    private HubBundleBuilder() {}

    /**
     * Reads the snapshot in {@code snapshotDir} (the files {@link HubLayout#filesToFetch} names; symlinks followed
     * when they stay inside the directory, as a {@code huggingface-cli download} cache snapshot has them) and writes
     * the bundle into {@code bundleDir}. The DJL runtime must have been started.
     *
     * @return the bundle's manifest (every file's sha256 listed)
     * @throws HubCheckpointException naming the file and what is wrong with it
     */
    public static ModelManifest build(Path snapshotDir, Path bundleDir, String name, String version, Precision precision)
        throws HubCheckpointException {
        throw new HubCheckpointException("Hub checkpoints are not read yet: " + snapshotDir);
    }
}
