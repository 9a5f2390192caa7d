package org.opensearch.clip.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Flickr8k-style {@code captions.txt}: an optional {@code image,caption} header, then one
 * {@code image,caption} row per line (the caption may contain commas; either field may be double-quoted), several
 * rows per image. Images are looked up in an image folder; every image becomes one example with all its captions.
 */
public final class CaptionsFileReader {
    private CaptionsFileReader() {}

    /** Reads the captions file, resolving image names against {@code imageDir}. */
    public static LoadedDataset read(Path captionsFile, Path imageDir) throws IOException {
        String source = captionsFile.toString();
        Map<String, List<String>> captionsByImage = new LinkedHashMap<>();
        List<RowProblem> problems = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(captionsFile, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank() || (number == 1 && isHeader(line))) {
                    continue;
                }
                String location = "line " + number;
                List<String> fields = splitRow(line);
                if (fields == null) {
                    problems.add(new RowProblem(source, location, "not an image,caption row (no comma, or an unclosed quote)"));
                    continue;
                }
                String image = fields.get(0).strip();
                String caption = fields.get(1).strip();
                if (image.isEmpty()) {
                    problems.add(new RowProblem(source, location, "empty image name"));
                    continue;
                }
                if (caption.isEmpty()) {
                    problems.add(new RowProblem(source, location, "empty caption for image " + image));
                    continue;
                }
                Optional<String> fileProblem = ImageFileCheck.problem(imageDir.resolve(image));
                if (fileProblem.isPresent()) {
                    problems.add(new RowProblem(source, location, fileProblem.get()));
                    continue;
                }
                captionsByImage.computeIfAbsent(image, k -> new ArrayList<>()).add(caption);
            }
        }
        List<Example> examples = new ArrayList<>(captionsByImage.size());
        for (Map.Entry<String, List<String>> entry : captionsByImage.entrySet()) {
            String image = entry.getKey();
            examples.add(new Example(imageDir.resolve(image), entry.getValue(), image, image, null));
        }
        String name = "captions:" + captionsFile.getFileName();
        return new LoadedDataset(new Dataset(name, examples, PromptTemplates.VERBATIM, List.of()), problems);
    }

    private static boolean isHeader(String line) {
        return line.strip().replace("\"", "").equalsIgnoreCase("image,caption");
    }

    /** Splits a row into image and caption, or returns null when it is not such a row. */
    static List<String> splitRow(String line) {
        String image;
        int rest;
        if (line.startsWith("\"")) {
            StringBuilder field = new StringBuilder();
            int end = readQuoted(line, 0, field);
            if (end < 0 || end >= line.length() || line.charAt(end) != ',') {
                return null;
            }
            image = field.toString();
            rest = end + 1;
        } else {
            int comma = line.indexOf(',');
            if (comma < 0) {
                return null;
            }
            image = line.substring(0, comma);
            rest = comma + 1;
        }
        String caption = line.substring(rest);
        String stripped = caption.strip();
        if (stripped.startsWith("\"")) {
            StringBuilder field = new StringBuilder();
            int end = readQuoted(stripped, 0, field);
            if (end < 0) {
                return null;
            }
            if (end == stripped.length()) {
                caption = field.toString();
            }
        }
        return List.of(image, caption);
    }

    /** Reads a double-quoted field starting at {@code start}; returns the index after the closing quote, or -1. */
    private static int readQuoted(String s, int start, StringBuilder out) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    out.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            out.append(c);
            i++;
        }
        return -1;
    }
}
