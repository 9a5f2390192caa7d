package org.opensearch.clip.trainer.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A text query and the captions of the pictures it is meant to find ({@code thunderstorm} → {@code cloud with
 * lightning and rain}), read from a query file: one query a line, {@code query<TAB>target|target}; blank lines and
 * lines starting with {@code #} are ignored.
 *
 * @param query   the text typed into the search
 * @param targets first captions (emoji: the lower-case name) of the intended pictures
 */
public record TargetQuery(String query, List<String> targets) {
    /** Validates and copies. */
    public TargetQuery {
        if (query.isBlank() || targets.isEmpty()) {
            throw new IllegalArgumentException("a target query needs a query and at least one target");
        }
        targets = List.copyOf(targets);
    }

    /** Reads a query file. */
    public static List<TargetQuery> read(Path file) throws IOException {
        List<TargetQuery> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length != 2) {
                throw new IOException(file + " line " + (i + 1) + ": expected query<TAB>target|target");
            }
            List<String> targets = Arrays.stream(parts[1].split("\\|")).map(t -> t.strip().toLowerCase(Locale.ROOT))
                .filter(t -> !t.isEmpty()).toList();
            out.add(new TargetQuery(parts[0].strip(), targets));
        }
        return out;
    }
}
