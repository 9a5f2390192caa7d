package org.opensearch.clip.trainer.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code download-emoji}: fetches the emoji image sets from the npm registry into the cache. */
final class DownloadCommand implements Command {
    @Override
    public String name() {
        return "download-emoji";
    }

    @Override
    public String summary() {
        return "fetch emoji-datasource-google / -twitter from the npm registry into the emoji cache (sha512 checked)";
    }

    @Override
    public String usage() {
        return """
              --sets SET[,SET]     which sets (default google,twitter)
              --emoji-cache DIR    where emoji packages are kept (default: ~/.cache/opensearch-clip/emoji)
              --emoji-version V    the emoji-datasource version
              --npm-registry URL   the registry to fetch from
            """;
    }

    @Override
    public Set<String> switches() {
        return Set.of();
    }

    @Override
    public Set<String> options() {
        return new HashSet<>(Set.of("sets", "emoji-cache", "emoji-version", "npm-registry"));
    }

    @Override
    public int run(Arguments arguments, PrintStream out) throws Exception {
        List<String> sets = List.of(arguments.string("sets", "google,twitter").split(","));
        Map<String, Path> dirs = DatasetOptions.emojiPackages(
            DatasetOptions.emojiCache(arguments), DatasetOptions.fetcher(arguments), true, sets, out);
        dirs.forEach((set, dir) -> out.println(set + ": " + dir));
        return 0;
    }
}
