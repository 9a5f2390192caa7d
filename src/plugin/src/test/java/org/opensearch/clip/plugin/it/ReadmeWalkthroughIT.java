package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's API walkthrough, pasted top to bottom into a shell against a fresh node: every step exits 0 (curl
 * fails on an HTTP error), no bulk reports failed items unless the step expects it, and no search comes back empty.
 */
class ReadmeWalkthroughIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final Path REPOSITORY = Path.of(System.getProperty("clip.repository.root", "../..")).toAbsolutePath().normalize();
    /** curl as the README calls it, but failing (exit 22, body printed) on an HTTP error status. */
    static final String PRELUDE = "set -euo pipefail\ncurl() { command curl --fail-with-body \"$@\"; }\n";
    static final Pattern EMPTY_HITS = Pattern.compile("\"hits\"\\s*:\\s*\\[\\s*\\]");
    static final Pattern FAILED_ITEMS = Pattern.compile("\"errors\"\\s*:\\s*true");
    static final Pattern FAILURES = Pattern.compile("\"failures\"\\s*:\\s*\\[\\s*\\{");

    @TestFactory
    List<DynamicTest> everyStepOfTheReadmeWalkthroughSucceedsInOrder() throws IOException {
        ReadmeWalkthrough walkthrough = ReadmeWalkthrough.parse(Files.readString(REPOSITORY.resolve("README.md")));
        assertTrue(walkthrough.steps().size() >= 10, "the walkthrough has its steps: " + walkthrough.steps().size());
        return walkthrough.steps().stream().map(step -> DynamicTest.dynamicTest(step.name(), () -> run(step))).toList();
    }

    private static void run(ReadmeWalkthrough.Step step) throws IOException, InterruptedException {
        String address = cluster.client().baseUri().getHost() + ":" + cluster.client().baseUri().getPort();
        String script = PRELUDE + step.script().replace("localhost:9200", address);
        Process bash = new ProcessBuilder("bash", "-c", script).directory(REPOSITORY.toFile()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(2, TimeUnit.MINUTES), step.name() + " finished");
        String shown = step.name() + ":\n" + step.script() + "\n--- output:\n" + output;
        System.out.println("[walkthrough] " + shown);
        assertEquals(0, bash.exitValue(), shown);
        assertFalse(EMPTY_HITS.matcher(output).find(), "a search returned nothing in " + shown);
        assertFalse(FAILURES.matcher(output).find(), "failures in " + shown);
        if (step.expectations().isEmpty()) {
            assertFalse(FAILED_ITEMS.matcher(output).find(), "a bulk item failed in " + shown);
        }
        String compact = output.replaceAll("\\s+", "");
        for (String expected : step.expectations()) {
            assertTrue(compact.contains(expected.replaceAll("\\s+", "")), "expected " + expected + " in " + shown);
        }
    }
}
