package org.opensearch.clip.trainer.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The epoch checkpoints of a run, {@code <out>/checkpoints/epoch-0007/}: each a complete model bundle plus the
 * optimizer state and the run state. A checkpoint is written under a {@code .partial} name and renamed when
 * complete, so a run stopped mid-write leaves the previous checkpoint as the latest. Only the newest few are kept.
 */
public final class CheckpointStore {
    private static final String PREFIX = "epoch-";

    private final Path root;
    private final int keep;

    /** The checkpoints under {@code out/checkpoints}, keeping the newest {@code keep}. */
    public CheckpointStore(Path out, int keep) {
        this.root = out.resolve("checkpoints");
        this.keep = keep;
    }

    /** A fresh, empty folder to write epoch {@code epoch}'s checkpoint into. */
    public Path begin(int epoch) throws IOException {
        Path partial = root.resolve(name(epoch) + ".partial");
        deleteTree(partial);
        return Files.createDirectories(partial);
    }

    /** Publishes the checkpoint begun for {@code epoch}, drops older ones beyond the kept number, returns its folder. */
    public Path commit(int epoch) throws IOException {
        Path done = root.resolve(name(epoch));
        deleteTree(done);
        Files.move(root.resolve(name(epoch) + ".partial"), done, StandardCopyOption.ATOMIC_MOVE);
        List<Path> all = completed();
        for (int i = 0; i < all.size() - keep; i++) {
            deleteTree(all.get(i));
        }
        return done;
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latest() throws IOException {
        List<Path> all = completed();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The epoch a checkpoint folder holds. */
    public static int epochOf(Path checkpoint) {
        return Integer.parseInt(checkpoint.getFileName().toString().substring(PREFIX.length()));
    }

    private List<Path> completed() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(p -> p.getFileName().toString().matches(PREFIX + "\\d+") && Files.isDirectory(p))
                .sorted(Comparator.comparingInt(CheckpointStore::epochOf))
                .toList();
        }
    }

    private static String name(int epoch) {
        return String.format(java.util.Locale.ROOT, PREFIX + "%04d", epoch);
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
