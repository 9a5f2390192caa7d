package org.opensearch.clip.trainer.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.tokenize.TokenBatch;
import org.opensearch.clip.trainer.TestRuntime;
import org.opensearch.clip.trainer.input.PairBatch;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockedTextTest {
    @BeforeAll
    static void runtime() {
        TestRuntime.start();
    }

    @Test
    void cachedFeaturesAreTheTowersAndEachDistinctRowIsEncodedOnce() {
        ModelBundle bundle = ModelBundle.open(TestRuntime.tinyClip(), TestRuntime.tinyClip());
        PairBatch batch = TrainingStepTest.batch(bundle);
        TokenBatch tokens = batch.tokens();
        try (TrainableTower tower = TrainableTower.load(bundle.directory(), ModelManifest.TEXT_ENCODER, Device.cpu(), "text", false);
             NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            LockedTextFeatures cache = new LockedTextFeatures(tower, bundle.manifest().text().attentionMask());
            float[] direct = tower.forward(new NDList(manager.create(tokens.ids(), new Shape(tokens.count(), tokens.length())))).toFloatArray();
            float[] first = cache.features(tokens, manager).toFloatArray();
            assertEquals(tokens.count(), cache.encodedRows());
            NDArray again = cache.features(tokens, manager);
            assertEquals(tokens.count(), cache.encodedRows(), "a second batch of the same texts encodes nothing");
            assertArrayEquals(first, again.toFloatArray());
            for (int i = 0; i < direct.length; i++) {
                assertEquals(direct[i], first[i], 1e-5f);
            }
        }
    }

    @Test
    void lockedTextTrainsOnlyTheImageTowerAndCopiesTheTextFile(@TempDir Path out) throws Exception {
        ModelBundle bundle = ModelBundle.open(TestRuntime.tinyClip(), TestRuntime.tinyClip());
        PairBatch batch = TrainingStepTest.batch(bundle);
        try (ClipTrainingModel model = ClipTrainingModel.load(bundle, Device.cpu(), FrozenTower.LOCKED_TEXT, ClipTrainingModel.INITIAL_LOGIT_SCALE)) {
            assertTrue(model.parameters().stream().noneMatch(p -> p.name().startsWith("text.")), "no text parameter is trained");
            assertTrue(model.parameters().stream().anyMatch(p -> p.name().startsWith("image.")));
            float[] loss = TrainingStepTest.firstAndLastLoss(model, batch, 20);
            assertTrue(loss[1] < loss[0], "loss " + loss[0] + " -> " + loss[1]);
            model.writeBundle(out, "locked", "1");
        }
        assertArrayEquals(Files.readAllBytes(bundle.file(ModelManifest.TEXT_ENCODER)), Files.readAllBytes(out.resolve(ModelManifest.TEXT_ENCODER)));
        assertNotEquals(-1, Files.mismatch(bundle.file(ModelManifest.IMAGE_ENCODER), out.resolve(ModelManifest.IMAGE_ENCODER)));
    }

    @Test
    void lockTextIsNamedInTheFingerprint() {
        assertEquals("locked-text", FrozenTower.LOCKED_TEXT.toString());
        assertTrue(FrozenTower.LOCKED_TEXT.textFrozen());
        assertTrue(FrozenTower.TEXT.textFrozen());
    }
}
