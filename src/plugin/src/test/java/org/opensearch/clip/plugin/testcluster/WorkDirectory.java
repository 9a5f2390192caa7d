package org.opensearch.clip.plugin.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Picks the directory nodes live in: the configured work directory, or, when the node user cannot reach it (a build
 * under {@code /root} run as root), a directory under {@code /tmp} named after it.
 */
final class WorkDirectory {
    private WorkDirectory() {}

    /** A directory under which {@code user} can run nodes, preferring {@code preferred}. */
    static Path choose(Path preferred, NodeUser user) {
        try {
            Files.createDirectories(preferred);
            if (user.canEnter(preferred)) {
                return preferred;
            }
            String tag = Integer.toHexString(preferred.toString().hashCode());
            Path fallback = Path.of("/tmp", "opensearch-clip-it-" + tag);
            Files.createDirectories(fallback);
            Files.setPosixFilePermissions(fallback, PosixFilePermissions.fromString("rwxr-xr-x"));
            System.out.println("[harness] user " + user.name() + " cannot enter " + preferred + "; nodes live in " + fallback);
            Path pointer = preferred.resolve("nodes-are-in");
            Files.deleteIfExists(pointer);
            Files.createSymbolicLink(pointer, fallback);
            return fallback;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a work directory for the nodes under " + preferred, e);
        }
    }
}
