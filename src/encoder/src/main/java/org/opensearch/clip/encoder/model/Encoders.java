package org.opensearch.clip.encoder.model;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;

import org.opensearch.clip.encoder.bundle.ModelBundle;

/**
 * The TorchScript behind a bundle's image and text encoders, chosen by its manifest: two encoder files, or one
 * archive whose {@code encode_image} and {@code encode_text} methods are the encoders.
 */
interface Encoders extends AutoCloseable {
    /** The module that encodes images. */
    ZooModel<NDList, NDList> image();

    /** The module method that encodes images, or null for {@code forward}. */
    String imageMethod();

    /** The module that encodes texts (the image module itself for an archive). */
    ZooModel<NDList, NDList> text();

    /** The module method that encodes texts, or null for {@code forward}. */
    String textMethod();

    /** Where the encoders came from and what was done to them on loading, for logs and the models API. */
    String description();

    @Override
    void close();

    /** Loads the encoders a verified bundle's manifest describes, on a device. */
    static Encoders load(ModelBundle bundle, Device device) {
        return bundle.manifest().isArchive() ? ArchiveEncoders.load(bundle, device) : SeparateEncoders.load(bundle, device);
    }
}
