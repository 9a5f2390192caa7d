package org.opensearch.clip.encoder.archive;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Device and float16 constants in serialized TorchScript code, as traced CUDA float16 archives have them. */
class CodeRewriterTest {
    private static final ArchiveTarget CPU = new ArchiveTarget("cpu", true);

    @Test
    void retargetsDevicesAndTurnsFloat16CastsIntoFloat32Casts() {
        CodeRewriter rewriter = new CodeRewriter(CPU);
        String code = """
            input = torch.to(x, torch.device("cuda:0"), 6)
            _0 = torch.layer_norm(input, [768], weight, bias)
            x0 = torch.to(_0, torch.device("cuda:0"), 5)
            _1 = torch.zeros([_2, 1, int(_3)], dtype=5, layout=None, device=torch.device("cuda:0"), pin_memory=False)
            x1 = torch.to(x, 5, False, False, None)
            """;
        assertEquals("""
            input = torch.to(x, torch.device("cpu"), 6)
            _0 = torch.layer_norm(input, [768], weight, bias)
            x0 = torch.to(_0, torch.device("cpu"), 6)
            _1 = torch.zeros([_2, 1, int(_3)], dtype=6, layout=None, device=torch.device("cpu"), pin_memory=False)
            x1 = torch.to(x, 6, False, False, None)
            """, rewriter.rewrite(code));
        assertEquals(3, rewriter.devicesChanged());
        assertEquals(3, rewriter.castsChanged());
    }

    @Test
    void leavesEveryOther5Alone() {
        CodeRewriter rewriter = new CodeRewriter(CPU);
        String code = """
            _0 = torch.select(x, 5, 0)
            _1 = torch.to(torch.slice(x, 0, 5), torch.device("cpu"), 6, False, False, 5)
            _2 = torch.to(x, other, False, False)
            _3 = ops.prim.NumToTensor(torch.size(x, 5))
            _4 = torch.full([5], 5.5, dtype=15)
            s = "torch.to(x, 5)"
            """;
        assertEquals(code, rewriter.rewrite(code));
        assertEquals(0, rewriter.devicesChanged() + rewriter.castsChanged());
    }

    @Test
    void findsCastsInsideNestedCalls() {
        CodeRewriter rewriter = new CodeRewriter(CPU);
        assertEquals("y = torch.to(torch.to(x, 6), torch.device(\"cpu\"), 6)",
            rewriter.rewrite("y = torch.to(torch.to(x, 5), torch.device(\"cuda\"), 5)"));
        assertEquals(2, rewriter.castsChanged());
    }

    @Test
    void aGpuTargetKeepsFloat16AndOnlyMovesDevices() {
        CodeRewriter rewriter = new CodeRewriter(new ArchiveTarget("cuda:1", false));
        assertEquals("x0 = torch.to(x, torch.device(\"cuda:1\"), 5)", rewriter.rewrite("x0 = torch.to(x, torch.device(\"cuda:0\"), 5)"));
        assertEquals(1, rewriter.devicesChanged());
        assertEquals(0, rewriter.castsChanged());
    }
}
