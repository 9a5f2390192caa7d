package org.opensearch.clip.trainer.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

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
 * Reads JSON lines of {@code {"image": "<path>", "text": "<caption>"}} ({@code text} may also be an array of
 * captions) with an optional {@code "group"}: images of one group (one icon in two styles) match each other's
 * captions and share a split key; without it each image is its own group. Relative image paths are resolved
 * against the file's folder; rows naming the same image add captions to one example.
 */
public final class JsonLinesReader {
    private JsonLinesReader() {}

    /** Reads the file. */
    public static LoadedDataset read(Path file) throws IOException {
        String source = file.toString();
        Path base = file.toAbsolutePath().getParent();
        Map<Path, List<String>> captionsByImage = new LinkedHashMap<>();
        Map<Path, String> groupByImage = new LinkedHashMap<>();
        List<RowProblem> problems = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String location = "line " + number;
                JsonObject row;
                try {
                    JsonElement element = JsonParser.parseString(line);
                    if (!element.isJsonObject()) {
                        problems.add(new RowProblem(source, location, "not a JSON object"));
                        continue;
                    }
                    row = element.getAsJsonObject();
                } catch (JsonParseException e) {
                    problems.add(new RowProblem(source, location, "not valid JSON: " + e.getMessage()));
                    continue;
                }
                String image = stringField(row, "image");
                if (image == null || image.isBlank()) {
                    problems.add(new RowProblem(source, location, "\"image\" must be a non-empty string"));
                    continue;
                }
                List<String> texts = texts(row.get("text"));
                if (texts == null) {
                    problems.add(new RowProblem(source, location, "\"text\" must be a non-empty string or an array of them"));
                    continue;
                }
                JsonElement groupField = row.get("group");
                String group = stringField(row, "group");
                if (groupField != null && (group == null || group.isBlank())) {
                    problems.add(new RowProblem(source, location, "\"group\" must be a non-empty string when given"));
                    continue;
                }
                Path imagePath = base.resolve(image).normalize();
                if (group != null && groupByImage.containsKey(imagePath) && !group.equals(groupByImage.get(imagePath))) {
                    problems.add(new RowProblem(source, location, "image " + image + " was given group [" + groupByImage.get(imagePath)
                        + "] before, not [" + group + "]"));
                    continue;
                }
                Optional<String> fileProblem = ImageFileCheck.problem(imagePath);
                if (fileProblem.isPresent()) {
                    problems.add(new RowProblem(source, location, fileProblem.get()));
                    continue;
                }
                captionsByImage.computeIfAbsent(imagePath, k -> new ArrayList<>()).addAll(texts);
                if (group != null) {
                    groupByImage.put(imagePath, group);
                }
            }
        }
        List<Example> examples = new ArrayList<>();
        for (Map.Entry<Path, List<String>> entry : captionsByImage.entrySet()) {
            String key = groupByImage.getOrDefault(entry.getKey(), base.relativize(entry.getKey()).toString());
            examples.add(new Example(entry.getKey(), entry.getValue(), key, key, null));
        }
        Dataset dataset = new Dataset("jsonl:" + file.getFileName(), examples, PromptTemplates.VERBATIM, List.of());
        return new LoadedDataset(dataset, problems);
    }

    private static String stringField(JsonObject row, String key) {
        JsonElement e = row.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    private static List<String> texts(JsonElement e) {
        List<String> texts = new ArrayList<>();
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            texts.add(e.getAsString().strip());
        } else if (e != null && e.isJsonArray()) {
            for (JsonElement item : e.getAsJsonArray()) {
                if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                    return null;
                }
                texts.add(item.getAsString().strip());
            }
        }
        if (texts.isEmpty() || texts.stream().anyMatch(String::isEmpty)) {
            return null;
        }
        return texts;
    }
}
