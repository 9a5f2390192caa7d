package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How the README's walkthrough becomes steps for {@link ReadmeWalkthroughIT}. */
class ReadmeWalkthroughTest {
    static final String README = """
        # title
        ```bash
        echo outside
        ```
        <!-- walkthrough:begin -->
        ### 1. First
        ```bash
        echo one
        ```
        text
        ```bash
        # expect: "status":400
        echo two
        ```
        ```json
        {"not": "run"}
        ```
        ### 2. Second
        ```bash
        echo three
        ```
        <!-- walkthrough:end -->
        ```bash
        echo after
        ```
        """;

    @Test
    void onlyTheBashBlocksInsideTheMarkersAreStepsNamedByTheirHeading() {
        List<ReadmeWalkthrough.Step> steps = ReadmeWalkthrough.parse(README).steps();
        assertEquals(List.of("1. First #1", "1. First #2", "2. Second #1"), steps.stream().map(ReadmeWalkthrough.Step::name).toList());
        assertEquals("echo one\n", steps.get(0).script());
        assertEquals(List.of("\"status\":400"), steps.get(1).expectations());
        assertEquals(List.of(), steps.get(2).expectations());
    }

    @Test
    void aReadmeWithoutTheMarkersIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ReadmeWalkthrough.parse("# no walkthrough"));
    }
}
