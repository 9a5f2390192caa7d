package org.opensearch.clip.encoder.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Rewrites a TorchScript archive for the device and precision it will run on, without Python: device constants in
 * its code name the target device and, for a float32 target, float16 weights and constants are widened to float32
 * and the code's float16 casts become float32 casts. This is what it takes to run OpenAI's released CLIP archives,
 * which were traced on CUDA in float16, on a CPU. An archive that needs nothing is left alone.
 */
public final class ArchiveRewriter {
    private static final String CODE = "/code/";
    private static final String DEBUG_SUFFIX = ".debug_pkl";

    private ArchiveRewriter() {}

    /**
     * Writes the rewritten archive to {@code target} when {@code source} needs changes for {@code to}; otherwise
     * writes nothing. The report says which.
     */
    public static RewriteReport rewrite(Path source, Path target, ArchiveTarget to) {
        try (ZipFile zip = new ZipFile(source.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            String root = root(source, entries);
            CodeRewriter code = new CodeRewriter(to);
            Map<String, byte[]> replaced = new HashMap<>();
            Set<String> widened = new HashSet<>();
            int storages = 0;
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                if (name.startsWith(root + CODE) && name.endsWith(".py")) {
                    String text = read(zip, entry);
                    String rewritten = code.rewrite(text);
                    if (!rewritten.equals(text)) {
                        replaced.put(name, rewritten.getBytes(StandardCharsets.UTF_8));
                    }
                } else if (isTensorPickle(root, name)) {
                    StoragePickle.Result result = StoragePickle.rewrite(zip.getInputStream(entry).readAllBytes(), name, to.float32());
                    storages += result.storages();
                    String tensorDirectory = name.substring(0, name.length() - ".pkl".length()) + "/";
                    for (String key : result.halfKeys()) {
                        String storage = tensorDirectory + key;
                        if (zip.getEntry(storage) == null) {
                            throw new ArchiveException(source + ": " + name + " refers to storage " + storage + ", which the archive lacks");
                        }
                        widened.add(storage);
                    }
                    if (to.float32() && !result.halfKeys().isEmpty()) {
                        replaced.put(name, result.bytes());
                    }
                }
            }
            RewriteReport report = new RewriteReport(code.devicesChanged(), code.castsChanged(), to.float32() ? widened.size() : 0,
                widened.size(), storages);
            if (report.unchanged()) {
                return report;
            }
            write(zip, entries, replaced, to.float32() ? widened : Set.of(), target);
            return report;
        } catch (IOException e) {
            throw new ArchiveException("cannot rewrite TorchScript archive " + source + ": " + e, e);
        }
    }

    private static String root(Path source, List<? extends ZipEntry> entries) {
        if (entries.isEmpty() || !entries.get(0).getName().contains("/")) {
            throw new ArchiveException(source + " is not a TorchScript archive (a zip whose entries lie in one folder)");
        }
        String root = entries.get(0).getName().substring(0, entries.get(0).getName().indexOf('/'));
        boolean hasData = entries.stream().anyMatch(e -> e.getName().equals(root + "/data.pkl"));
        if (!hasData) {
            throw new ArchiveException(source + " is not a TorchScript archive: it has no " + root + "/data.pkl");
        }
        return root;
    }

    /** {@code <root>/data.pkl} and {@code <root>/constants.pkl}: the pickles whose tensors lie in {@code <root>/<name>/}. */
    private static boolean isTensorPickle(String root, String name) {
        return name.startsWith(root + "/") && name.endsWith(".pkl") && name.indexOf('/', root.length() + 1) < 0;
    }

    private static String read(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void write(ZipFile zip, List<? extends ZipEntry> entries, Map<String, byte[]> replaced, Set<String> widened,
        Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (AlignedZipWriter out = new AlignedZipWriter(Files.newOutputStream(partial))) {
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                if (name.endsWith(DEBUG_SUFFIX) && replaced.containsKey(name.substring(0, name.length() - DEBUG_SUFFIX.length()))) {
                    continue; // source ranges into code that changed; TorchScript loads without them
                }
                if (replaced.containsKey(name)) {
                    out.write(name, entry.getMethod() == ZipEntry.STORED, replaced.get(name));
                } else if (widened.contains(name)) {
                    writeWidened(zip, entry, out);
                } else if (entry.getMethod() == ZipEntry.STORED) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        out.writeStored(name, entry.getSize(), entry.getCrc(), sink -> in.transferTo(sink));
                    }
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        out.write(name, false, in.readAllBytes());
                    }
                }
            }
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A float16 storage as float32, streamed twice: once for the CRC the zip header needs first, once to write it. */
    private static void writeWidened(ZipFile zip, ZipEntry entry, AlignedZipWriter out) throws IOException {
        if (entry.getSize() % 2 != 0) {
            throw new ArchiveException(entry.getName() + " holds " + entry.getSize() + " bytes, not a whole number of float16 values");
        }
        CRC32 crc = new CRC32();
        try (InputStream in = zip.getInputStream(entry)) {
            HalfToFloat.widen(in, new OutputStream() {
                @Override
                public void write(int b) {
                    crc.update(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    crc.update(b, off, len);
                }
            });
        }
        try (InputStream in = zip.getInputStream(entry)) {
            out.writeStored(entry.getName(), entry.getSize() * 2, crc.getValue(), sink -> HalfToFloat.widen(in, sink));
        }
    }
}
