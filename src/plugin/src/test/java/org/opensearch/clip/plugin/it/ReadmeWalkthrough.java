package org.opensearch.clip.plugin.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's API walkthrough as steps: every {@code bash} block between {@code <!-- walkthrough:begin} and
 * {@code <!-- walkthrough:end -->}, named by the heading above it, with the {@code # expect: TEXT} lines it carries
 * (text its output must contain; a step with expectations may report failed items).
 */
record ReadmeWalkthrough(List<Step> steps) {
    private static final Pattern BLOCK = Pattern.compile("^```bash\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("^#{2,4} (.+)$", Pattern.MULTILINE);
    private static final Pattern EXPECT = Pattern.compile("^# expect: (.+)$", Pattern.MULTILINE);

    /** One block: where it is, its script and what its output must contain. */
    record Step(String name, String script, List<String> expectations) {}

    static ReadmeWalkthrough parse(String readme) {
        int begin = readme.indexOf("<!-- walkthrough:begin");
        int end = readme.indexOf("<!-- walkthrough:end -->");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("README.md has no <!-- walkthrough:begin … walkthrough:end --> section");
        }
        String section = readme.substring(begin, end);
        List<Step> steps = new ArrayList<>();
        Matcher block = BLOCK.matcher(section);
        String heading = "walkthrough";
        int counted = 0;
        int searchedUpTo = 0;
        while (block.find()) {
            Matcher h = HEADING.matcher(section.substring(searchedUpTo, block.start()));
            String last = null;
            while (h.find()) {
                last = h.group(1).strip();
            }
            if (last != null) {
                heading = last;
                counted = 0;
            }
            searchedUpTo = block.end();
            String script = block.group(1);
            List<String> expectations = new ArrayList<>();
            Matcher expect = EXPECT.matcher(script);
            while (expect.find()) {
                expectations.add(expect.group(1).strip());
            }
            steps.add(new Step(heading + " #" + (++counted), script, List.copyOf(expectations)));
        }
        return new ReadmeWalkthrough(List.copyOf(steps));
    }
}
