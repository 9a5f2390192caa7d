package org.opensearch.clip.encoder.hub;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which files of a Hub repository a bundle is built from. */
class HubLayoutTest {
    @Test
    void aTransformersRepoGivesItsConfigSafetensorsPreprocessorAndTokenizer() throws HubCheckpointException {
        List<String> repo = List.of(".gitattributes", "README.md", "config.json", "flax_model.msgpack", "merges.txt", "model.safetensors",
            "preprocessor_config.json", "pytorch_model.bin", "special_tokens_map.json", "tf_model.h5", "tokenizer.json",
            "tokenizer_config.json", "vocab.json");
        assertEquals(List.of("config.json", "model.safetensors", "preprocessor_config.json", "tokenizer.json"), HubLayout.filesToFetch(repo));
    }

    @Test
    void withoutSafetensorsThePytorchCheckpointIsTaken() throws HubCheckpointException {
        assertEquals(List.of("config.json", "pytorch_model.bin", "tokenizer.json"),
            HubLayout.filesToFetch(List.of("config.json", "pytorch_model.bin", "tokenizer.json")));
    }

    @Test
    void anOpenClipRepoGivesItsOwnConfigAndWeights() throws HubCheckpointException {
        List<String> repo = List.of("open_clip_config.json", "open_clip_model.safetensors", "open_clip_pytorch_model.bin", "tokenizer.json",
            "config.json", "model.safetensors");
        assertEquals(List.of("open_clip_config.json", "open_clip_model.safetensors", "tokenizer.json"), HubLayout.filesToFetch(repo));
    }

    @Test
    void aRepoThatIsNotAClipCheckpointIsRefusedSayingWhatItNeeds() {
        HubCheckpointException e = assertThrows(HubCheckpointException.class,
            () -> HubLayout.filesToFetch(List.of("config.json", "model.onnx", "tokenizer.json")));
        assertTrue(e.getMessage().contains("needs config.json with model.safetensors or pytorch_model.bin"), e.getMessage());
        HubCheckpointException noTokenizer = assertThrows(HubCheckpointException.class,
            () -> HubLayout.filesToFetch(List.of("config.json", "model.safetensors")));
        assertTrue(noTokenizer.getMessage().contains("no tokenizer.json"), noTokenizer.getMessage());
    }

    @Test
    void everyFileItMayChooseIsACandidate() throws HubCheckpointException {
        assertTrue(HubLayout.candidateFiles().containsAll(HubLayout.filesToFetch(HubLayout.candidateFiles())));
    }
}
