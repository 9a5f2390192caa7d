package org.opensearch.clip.encoder.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code --name value} pairs of an offline command's arguments. */
final class CommandOptions {
    private CommandOptions() {}

    /**
     * The options by name (without {@code --}), or null when an argument is not a {@code --name value} pair or one
     * of {@code required} is missing.
     */
    static Map<String, String> parse(List<String> args, List<String> required) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            if (!args.get(i).startsWith("--") || i + 1 >= args.size()) {
                return null;
            }
            options.put(args.get(i).substring(2), args.get(i + 1));
        }
        return options.keySet().containsAll(required) ? options : null;
    }
}
