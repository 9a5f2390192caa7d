package org.opensearch.clip.encoder.model;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;

import org.opensearch.clip.encoder.archive.ArchiveException;
import org.opensearch.clip.encoder.archive.ArchiveRewriter;
import org.opensearch.clip.encoder.archive.ArchiveTarget;
import org.opensearch.clip.encoder.archive.RewriteReport;
import org.opensearch.clip.encoder.bundle.BundleException;
import org.opensearch.clip.encoder.bundle.ModelBundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One TorchScript archive in the layout of OpenAI's CLIP releases, its {@code encode_image} and {@code encode_text}
 * methods being the encoders. An archive traced on CUDA in float16 is first rewritten for the device (see
 * {@link ArchiveRewriter}); the rewritten copy is kept under the bundle's work directory and reused.
 */
record ArchiveEncoders(ZooModel<NDList, NDList> model, String description) implements Encoders {
    /** The archive method that encodes images. */
    static final String ENCODE_IMAGE = "encode_image";
    /** The archive method that encodes texts. */
    static final String ENCODE_TEXT = "encode_text";

    static ArchiveEncoders load(ModelBundle bundle, Device device) {
        String name = bundle.manifest().archive();
        Path archive = bundle.file(name);
        ArchiveTarget target = ArchiveTarget.forDevice(device);
        String digest = bundle.manifest().files().get(name);
        Path rewritten = bundle.workDirectory().resolve("archives").resolve(digest.substring(0, 16) + "-" + target.tag() + ".pt");
        String what = "model bundle " + bundle.source() + ": " + name;
        String note;
        if (Files.isRegularFile(rewritten)) {
            note = "rewritten for " + target.device() + (target.float32() ? " in float32" : "") + " (reused " + rewritten + ")";
        } else {
            RewriteReport report;
            try {
                Files.createDirectories(rewritten.getParent());
                report = ArchiveRewriter.rewrite(archive, rewritten, target);
            } catch (IOException | ArchiveException e) {
                throw new BundleException(what + ": cannot prepare the archive for " + target.device() + ": " + e.getMessage(), e);
            }
            note = report.toString();
            if (report.unchanged()) {
                rewritten = archive;
            }
        }
        return new ArchiveEncoders(TorchScriptFile.load(rewritten, device, what), name + ", " + note);
    }

    @Override
    public ZooModel<NDList, NDList> image() {
        return model;
    }

    @Override
    public String imageMethod() {
        return ENCODE_IMAGE;
    }

    @Override
    public ZooModel<NDList, NDList> text() {
        return model;
    }

    @Override
    public String textMethod() {
        return ENCODE_TEXT;
    }

    @Override
    public void close() {
        model.close();
    }
}
