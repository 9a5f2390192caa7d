package org.opensearch.clip.trainer.data;

/**
 * A dataset row (or file) that was skipped, and why.
 *
 * @param source   the file the row came from
 * @param location where in it: {@code line 12}, an image path, an emoji code
 * @param problem  what is wrong with it
 */
public record RowProblem(String source, String location, String problem) {
    @Override
    public String toString() {
        return source + " " + location + ": " + problem;
    }
}
