package org.opensearch.clip.trainer.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommand() {
        assertEquals(0, run("help"));
        String text = out.toString(StandardCharsets.UTF_8);
        for (String command : List.of("train", "evaluate", "search", "benchmark", "download-emoji")) {
            assertTrue(text.contains("  " + command + " "), text);
        }
        assertEquals(0, run("help", "train"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--resume"));
    }

    @Test
    void listsAndRunsTheConversionAndIvfTools() {
        assertEquals(0, run("help"));
        String text = out.toString(StandardCharsets.UTF_8);
        for (String command : List.of("convert-vocab", "bundle-archive", "ivf")) {
            assertTrue(text.contains("  " + command + " "), text);
        }
        assertEquals(0, run("help", "ivf"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--nlist"), out.toString(StandardCharsets.UTF_8));
        assertEquals(2, run("convert-vocab"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: convert-vocab"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badCommandLinesExitWithStatusTwoAndSayWhy() {
        assertEquals(2, run("fly"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command [fly]"));
        assertEquals(2, run("train", "--modle", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --modle"));
        assertEquals(2, run("evaluate", "--dataset", "emoji:google"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--model is required"));
    }

    @Test
    void argumentsParseValuesSwitchesAndRepeats() {
        Arguments a = Arguments.parse(List.of("--epochs", "3", "--lr=1e-3", "--resume", "--query", "a", "--query", "b"),
            Set.of("resume"), Set.of("epochs", "lr", "query"));
        assertEquals(3, a.integer("epochs", 1));
        assertEquals(1e-3, a.number("lr", 0), 0);
        assertTrue(a.flag("resume"));
        assertEquals(List.of("a", "b"), a.all("query"));
        assertEquals(7, a.integer("missing", 7));
        assertThrows(UsageException.class, () -> Arguments.parse(List.of("--epochs"), Set.of(), Set.of("epochs")));
        assertThrows(UsageException.class, () -> Arguments.parse(List.of("--epochs", "x"), Set.of(), Set.of("epochs")).integer("epochs", 1));
    }
}
