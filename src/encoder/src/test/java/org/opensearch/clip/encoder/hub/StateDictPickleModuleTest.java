package org.opensearch.clip.encoder.hub;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TorchScript module pickle is read as a tree of attribute records: its {@code __torch__} classes are names only,
 * any other class is still refused, a module reachable twice is named once and a tree deeper than a model's refused.
 */
class StateDictPickleModuleTest {
    private static final String MODULE = "c__torch__.m\nM\n)\u0081";

    private static byte[] pickle(String opcodes) {
        return ("\u0080\u0002" + opcodes + ".").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aModuleWithoutTensorsReadsAsAnEmptyStateDict() throws HubCheckpointException {
        // M() with {"training": False, "child": M() with {"training": False}}
        Map<String, Object> tensors = StateDictPickle.readModule(pickle(MODULE + "}(X\u0008\u0000\u0000\u0000training\u0089X\u0005\u0000\u0000\u0000child"
            + MODULE + "}X\u0008\u0000\u0000\u0000training\u0089sbub"), "data.pkl");
        assertEquals(Map.of(), tensors);
    }

    @Test
    void aClassOutsideTorchScriptIsRefusedEvenInAModulePickle() {
        HubCheckpointException e = assertThrows(HubCheckpointException.class,
            () -> StateDictPickle.readModule(pickle("cos\nsystem\n)\u0081"), "data.pkl"));
        assertTrue(e.getMessage().contains("it names os.system, which a state dict does not need (refused)"), e.getMessage());
    }

    @Test
    void aTreeDeeperThanAnyModelIsRefused() {
        ByteArrayOutputStream nested = new ByteArrayOutputStream();
        StringBuilder opcodes = new StringBuilder();
        int depth = StateDictPickle.MAX_MODULE_DEPTH + 2;
        for (int i = 0; i < depth; i++) {
            opcodes.append(MODULE).append("}X\u0001\u0000\u0000\u0000c");
        }
        opcodes.append(MODULE);
        for (int i = 0; i < depth; i++) {
            opcodes.append("sb");
        }
        nested.writeBytes(pickle(opcodes.toString()));
        HubCheckpointException e = assertThrows(HubCheckpointException.class, () -> StateDictPickle.readModule(nested.toByteArray(), "data.pkl"));
        assertTrue(e.getMessage().contains("modules nested deeper than " + StateDictPickle.MAX_MODULE_DEPTH), e.getMessage());
    }

    @Test
    void aStateDictPickleMayNotNameATorchScriptClass() {
        HubCheckpointException e = assertThrows(HubCheckpointException.class, () -> StateDictPickle.read(pickle(MODULE + "}b"), "data.pkl"));
        assertTrue(e.getMessage().contains("it names __torch__.m.M, which a state dict does not need (refused)"), e.getMessage());
    }
}
