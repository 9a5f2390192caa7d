package org.opensearch.clip.encoder.model;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;

import org.opensearch.clip.encoder.bundle.BundleException;
import org.opensearch.clip.encoder.runtime.DjlRuntime;

import java.nio.file.Path;

/** Loads one TorchScript file on a device through DJL's Criteria, tensors mapped onto that device. */
final class TorchScriptFile {
    private TorchScriptFile() {}

    /**
     * Loads {@code file} (a {@code .pt} TorchScript module) as an NDList-to-NDList model.
     *
     * @param what how error messages name the file, e.g. {@code model bundle /x: image_encoder.pt}
     */
    static ZooModel<NDList, NDList> load(Path file, Device device, String what) {
        String fileName = file.getFileName().toString();
        Criteria<NDList, NDList> criteria = Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine(DjlRuntime.ENGINE)
            .optModelPath(file.getParent())
            .optModelName(fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName)
            .optDevice(device)
            .optOption("mapLocation", "true")
            .build();
        try {
            return DjlRuntime.withModuleClassLoader(criteria::loadModel);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BundleException(what + " is not a loadable TorchScript module: " + cause.getMessage(), e);
        }
    }
}
