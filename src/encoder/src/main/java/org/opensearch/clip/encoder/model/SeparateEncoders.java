package org.opensearch.clip.encoder.model;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;

import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;

/** A bundle's {@code image_encoder.pt} and {@code text_encoder.pt}, each called through {@code forward}. */
record SeparateEncoders(ZooModel<NDList, NDList> image, ZooModel<NDList, NDList> text) implements Encoders {

    static SeparateEncoders load(ModelBundle bundle, Device device) {
        ZooModel<NDList, NDList> image = TorchScriptFile.load(
            bundle.file(ModelManifest.IMAGE_ENCODER), device, "model bundle " + bundle.source() + ": " + ModelManifest.IMAGE_ENCODER);
        try {
            ZooModel<NDList, NDList> text = TorchScriptFile.load(
                bundle.file(ModelManifest.TEXT_ENCODER), device, "model bundle " + bundle.source() + ": " + ModelManifest.TEXT_ENCODER);
            return new SeparateEncoders(image, text);
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }

    @Override
    public String imageMethod() {
        return null;
    }

    @Override
    public String textMethod() {
        return null;
    }

    @Override
    public String description() {
        return ModelManifest.IMAGE_ENCODER + " and " + ModelManifest.TEXT_ENCODER;
    }

    @Override
    public void close() {
        try {
            image.close();
        } finally {
            text.close();
        }
    }
}
