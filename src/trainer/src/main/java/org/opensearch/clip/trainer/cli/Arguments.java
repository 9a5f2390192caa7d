package org.opensearch.clip.trainer.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A command's {@code --name value} options and {@code --flag} switches, checked against the names the command
 * accepts; values are converted with messages that name the option.
 */
final class Arguments {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Set<String> flags = new TreeSet<>();

    private Arguments() {}

    /** Parses {@code args}; {@code switches} take no value, {@code options} take one (and may repeat). */
    static Arguments parse(List<String> args, Set<String> switches, Set<String> options) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument [" + arg + "]");
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (switches.contains(name) && inline == null) {
                parsed.flags.add(name);
            } else if (options.contains(name)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                Set<String> known = new TreeSet<>(switches);
                known.addAll(options);
                throw new UsageException("unknown option --" + name + "; this command takes --" + String.join(", --", known));
            }
        }
        return parsed;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String defaultValue) {
        List<String> list = values.get(name);
        return list == null ? defaultValue : list.get(list.size() - 1);
    }

    String required(String name) {
        String value = string(name, null);
        if (value == null) {
            throw new UsageException("--" + name + " is required");
        }
        return value;
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    Path path(String name, Path defaultValue) {
        String value = string(name, null);
        return value == null ? defaultValue : Path.of(value);
    }

    int integer(String name, int defaultValue) {
        String value = string(name, null);
        try {
            return value == null ? defaultValue : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got [" + value + "]");
        }
    }

    long longValue(String name, long defaultValue) {
        String value = string(name, null);
        try {
            return value == null ? defaultValue : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got [" + value + "]");
        }
    }

    double number(String name, double defaultValue) {
        String value = string(name, null);
        try {
            return value == null ? defaultValue : Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got [" + value + "]");
        }
    }
}
