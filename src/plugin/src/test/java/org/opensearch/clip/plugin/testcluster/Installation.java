package org.opensearch.clip.plugin.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An OpenSearch home unpacked from the real distribution with the k-NN plugin and this plugin installed, shared by
 * every node of the build and reused while the three zips are unchanged.
 */
public final class Installation {
    private static Installation shared;

    private final Path home;

    private Installation(Path home) {
        this.home = home;
    }

    /** The installation for these settings, unpacked and installed on first use. */
    public static synchronized Installation prepare(HarnessSettings settings, Path baseDirectory, NodeUser user) {
        Path directory = baseDirectory.resolve("install");
        String fingerprint = fingerprint(settings);
        if (shared != null && shared.home.startsWith(directory) && fingerprint.equals(readMarker(directory))) {
            return shared;
        }
        if (fingerprint.equals(readMarker(directory))) {
            shared = new Installation(findHome(directory));
            return shared;
        }
        long start = System.nanoTime();
        FileTrees.delete(directory);
        Path home = ZipExtractor.extract(settings.distributionZip(), directory);
        makeExecutable(home.resolve("bin"));
        Map<String, String> env = Map.of("OPENSEARCH_JAVA_HOME", settings.nodeJavaHome().toString());
        for (Path plugin : List.of(settings.knnZip(), settings.pluginZip())) {
            ProcessRunner.runOrFail(
                List.of(home.resolve("bin/opensearch-plugin").toString(), "install", "--batch", plugin.toUri().toString()),
                home, env, 600
            );
        }
        user.own(directory);
        writeMarker(directory, fingerprint);
        System.out.printf("[harness] installed OpenSearch with opensearch-knn and opensearch-clip in %s (%.1f s)%n", home,
            (System.nanoTime() - start) / 1e9);
        shared = new Installation(home);
        return shared;
    }

    /** {@code $OPENSEARCH_HOME}. */
    public Path home() {
        return home;
    }

    /** The configuration directory the installers filled (copied into each node's own config directory). */
    Path configTemplate() {
        return home.resolve("config");
    }

    private static String fingerprint(HarnessSettings settings) {
        StringBuilder out = new StringBuilder();
        for (Path zip : List.of(settings.distributionZip(), settings.knnZip(), settings.pluginZip())) {
            try {
                out.append(zip).append(' ').append(Files.size(zip)).append(' ').append(Files.getLastModifiedTime(zip).toMillis()).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    private static String readMarker(Path directory) {
        Path marker = directory.resolve(".installed-from");
        try {
            return Files.isRegularFile(marker) ? Files.readString(marker) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeMarker(Path directory, String fingerprint) {
        try {
            Files.writeString(directory.resolve(".installed-from"), fingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findHome(Path directory) {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(p -> Files.isExecutable(p.resolve("bin/opensearch"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OpenSearch home under " + directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void makeExecutable(Path bin) {
        try (Stream<Path> files = Files.list(bin)) {
            for (Path file : files.toList()) {
                file.toFile().setExecutable(true, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + bin + " executable", e);
        }
    }
}
