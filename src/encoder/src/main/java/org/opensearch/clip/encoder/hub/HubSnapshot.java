package org.opensearch.clip.encoder.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local snapshot of a Hub repository: a directory holding its files by name, as a plain download or as the
 * {@code snapshots/<revision>/} directory of a Hugging Face cache, whose files are symlinks into the repository's
 * {@code blobs/}. A file is read only when its real path stays inside the snapshot directory or, for a cache snapshot,
 * inside its repository directory ({@code models--org--name/}); a symlink anywhere else is refused.
 */
final class HubSnapshot {
    /** The largest JSON configuration read. */
    static final long MAX_CONFIG_BYTES = 4L << 20;

    private final Path directory;
    private final Path realRoot;
    private final Path realDirectory;

    private HubSnapshot(Path directory, Path realDirectory, Path realRoot) {
        this.directory = directory;
        this.realDirectory = realDirectory;
        this.realRoot = realRoot;
    }

    static HubSnapshot open(Path directory) throws HubCheckpointException {
        if (!Files.isDirectory(directory)) {
            throw new HubCheckpointException("snapshot " + directory + " is not a directory");
        }
        try {
            Path real = directory.toRealPath();
            Path parent = real.getParent();
            boolean cache = parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("snapshots")
                && parent.getParent() != null;
            return new HubSnapshot(directory, real, cache ? parent.getParent() : real);
        } catch (IOException e) {
            throw new HubCheckpointException("snapshot " + directory + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Whether the snapshot has the file (a regular file, or a symlink to one that stays inside). */
    boolean has(String name) {
        try {
            resolve(name);
            return true;
        } catch (HubCheckpointException e) {
            return false;
        }
    }

    /** The real path of one of the snapshot's files. */
    Path resolve(String name) throws HubCheckpointException {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
            throw new HubCheckpointException(name + ": not a file name inside the snapshot");
        }
        Path file = directory.resolve(name);
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new HubCheckpointException(name + ": missing from snapshot " + directory);
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new HubCheckpointException(name + ": a broken link in snapshot " + directory + " (" + e.getMessage() + ")", e);
        }
        if (!real.startsWith(realDirectory) && !real.startsWith(realRoot)) {
            throw new HubCheckpointException(name + ": links to " + real + ", outside the snapshot (refused)");
        }
        if (!Files.isRegularFile(real)) {
            throw new HubCheckpointException(name + ": not a regular file");
        }
        return real;
    }

    /** A JSON file's text, at most {@link #MAX_CONFIG_BYTES}. */
    String readJson(String name) throws HubCheckpointException {
        Path file = resolve(name);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_CONFIG_BYTES + 1);
            if (bytes.length > MAX_CONFIG_BYTES) {
                throw new HubCheckpointException(name + ": larger than " + MAX_CONFIG_BYTES + " bytes, not a configuration");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HubCheckpointException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    Path directory() {
        return directory;
    }
}
