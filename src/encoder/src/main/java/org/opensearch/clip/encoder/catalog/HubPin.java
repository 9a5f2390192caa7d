package org.opensearch.clip.encoder.catalog;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Hugging Face Hub repository pinned by the catalog: the commit to fetch and, where known, the sha256 of each file a
 * bundle is built from (empty when the catalog does not know them: the register request must then give them).
 *
 * @param repo the repository id, e.g. {@code openai/clip-vit-base-patch32}
 * @param revision the pinned commit (40 hex digits)
 * @param files file name to sha256 (lower-case hex), possibly empty
 */
public record HubPin(String repo, String revision, Map<String, String> files) {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public HubPin {
        if (revision == null || !COMMIT.matcher(revision).matches()) {
            throw new IllegalArgumentException("hub." + repo + ".revision must be a commit (40 lower-case hex digits), got [" + revision + "]");
        }
        files = Map.copyOf(new TreeMap<>(files));
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (!SHA256.matcher(file.getValue()).matches()) {
                throw new IllegalArgumentException("hub." + repo + ".files." + file.getKey() + " must be a sha256 (64 lower-case hex digits)");
            }
        }
    }
}
