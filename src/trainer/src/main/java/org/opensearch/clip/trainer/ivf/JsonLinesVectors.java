package org.opensearch.clip.trainer.ivf;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A JSON lines file: one vector per line, either a JSON array of numbers or an object whose {@code field} holds one
 * (as a {@code _source} dump of an index would); blank lines are skipped.
 */
final class JsonLinesVectors implements VectorSource {
    private final Path file;
    private final String field;

    JsonLinesVectors(Path file, String field) {
        this.file = file;
        this.field = field;
    }

    @Override
    public void forEach(Consumer<float[]> sink) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    sink.accept(vector(JsonParser.parseString(line)));
                } catch (RuntimeException e) {
                    throw new IOException(file + " line " + number + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private float[] vector(JsonElement element) {
        JsonElement value = element;
        if (element.isJsonObject()) {
            if (field == null) {
                throw new IllegalArgumentException("an object, but no --field says which of its fields holds the vector");
            }
            value = element.getAsJsonObject().get(field);
            if (value == null) {
                throw new IllegalArgumentException("no field [" + field + "]");
            }
        }
        if (!value.isJsonArray()) {
            throw new IllegalArgumentException("expected an array of numbers");
        }
        JsonArray array = value.getAsJsonArray();
        float[] vector = new float[array.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = array.get(i).getAsFloat();
        }
        return vector;
    }

    @Override
    public String describe() {
        return file.getFileName().toString();
    }
}
