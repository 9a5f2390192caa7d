package org.opensearch.clip.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads one folder per class ({@code root/golden_retriever/*.jpg}): the folder name, with {@code _} and {@code -}
 * read as spaces, is the class name and the caption; captions become prompts with {@link PromptTemplates#PHOTO}.
 * Images of one class match each other's captions; the held-out split is by image.
 */
public final class ClassFolderReader {
    private ClassFolderReader() {}

    /** Reads every class folder under {@code root}, in name order. */
    public static LoadedDataset read(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("class folder root " + root + " is not a directory");
        }
        String source = root.toString();
        List<RowProblem> problems = new ArrayList<>();
        TreeMap<String, List<Path>> imagesByClass = new TreeMap<>();
        for (Path entry : sortedChildren(root)) {
            if (!Files.isDirectory(entry)) {
                problems.add(new RowProblem(source, entry.getFileName().toString(), "a file outside any class folder"));
                continue;
            }
            String label = className(entry.getFileName().toString());
            if (label.isEmpty()) {
                problems.add(new RowProblem(source, entry.getFileName().toString(), "folder name gives an empty class name"));
                continue;
            }
            List<Path> images = imagesByClass.computeIfAbsent(label, k -> new ArrayList<>());
            int before = images.size();
            for (Path file : sortedChildren(entry)) {
                String location = root.relativize(file).toString();
                if (!ImageFileCheck.hasImageExtension(file)) {
                    problems.add(new RowProblem(source, location, "not an image file (jpg, jpeg, png, gif, bmp, webp)"));
                    continue;
                }
                Optional<String> problem = ImageFileCheck.problem(file);
                if (problem.isPresent()) {
                    problems.add(new RowProblem(source, location, problem.get()));
                    continue;
                }
                images.add(file);
            }
            if (images.size() == before) {
                problems.add(new RowProblem(source, entry.getFileName().toString(), "class folder has no usable image"));
            }
        }
        imagesByClass.values().removeIf(List::isEmpty);
        List<Example> examples = new ArrayList<>();
        for (var entry : imagesByClass.entrySet()) {
            String label = entry.getKey();
            for (Path image : entry.getValue()) {
                examples.add(new Example(image, List.of(label), label, root.relativize(image).toString(), label));
            }
        }
        Dataset dataset = new Dataset(
            "folders:" + root.getFileName(),
            examples,
            PromptTemplates.PHOTO,
            List.copyOf(imagesByClass.keySet())
        );
        return new LoadedDataset(dataset, problems);
    }

    /** The class name a folder name stands for: lower case, {@code _} and {@code -} as spaces. */
    static String className(String folderName) {
        return folderName.replaceAll("[_\\-\\s]+", " ").strip().toLowerCase(Locale.ROOT);
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }
}
