package org.opensearch.clip.encoder.catalog;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.opensearch.clip.encoder.bundle.ArchiveBundleBuilder;
import org.opensearch.clip.encoder.bundle.BundleException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Known public CLIP checkpoints by name: a JSON data file ({@code clip-catalog.json} in this module, and optionally
 * an operator's file of the same format whose entries are added or replace the shipped ones).
 */
public final class ModelCatalog {
    /** The catalog shipped with this module, as a class path resource. */
    public static final String BUILT_IN = "/org/opensearch/clip/encoder/catalog/clip-catalog.json";

    private final Map<String, CatalogEntry> entries;
    private final Map<String, HubPin> hub;

    private ModelCatalog(Map<String, CatalogEntry> entries, Map<String, HubPin> hub) {
        this.entries = entries;
        this.hub = hub;
    }

    /** The shipped catalog: OpenAI's RN50, ViT-B/32, ViT-B/16 and ViT-L/14 releases. */
    public static ModelCatalog builtIn() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the built-in model catalog " + BUILT_IN + " is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILT_IN, e);
        }
    }

    /**
     * Parses and validates a catalog: {@code {"format_version": 1, "vocabularies": {id: {url, sha256}},
     * "models": {name: {"archive": {url, sha256}, "vocabulary": id, "manifest": {...}, "head_width"?: 64}}},
     * "hub": {repo: {"revision": commit, "files"?: {name: sha256}}}}} (the {@code hub} section is optional).
     *
     * @param source names the catalog in error messages
     */
    public static ModelCatalog parse(String json, String source) {
        try {
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            if (root.has("format_version") && root.get("format_version").getAsInt() != 1) {
                throw new IllegalArgumentException("format_version must be 1");
            }
            Map<String, RemoteFile> vocabularies = new TreeMap<>();
            if (root.has("vocabularies")) {
                for (Map.Entry<String, JsonElement> v : root.getAsJsonObject("vocabularies").entrySet()) {
                    vocabularies.put(v.getKey(), file(v.getValue().getAsJsonObject(), "vocabularies." + v.getKey()));
                }
            }
            Map<String, CatalogEntry> entries = new TreeMap<>();
            for (Map.Entry<String, JsonElement> m : root.getAsJsonObject("models").entrySet()) {
                entries.put(m.getKey(), entry(m.getKey(), m.getValue().getAsJsonObject(), vocabularies));
            }
            Map<String, HubPin> pins = new TreeMap<>();
            if (root.has("hub")) {
                for (Map.Entry<String, JsonElement> h : root.getAsJsonObject("hub").entrySet()) {
                    pins.put(h.getKey(), pin(h.getKey(), h.getValue().getAsJsonObject()));
                }
            }
            return new ModelCatalog(Map.copyOf(entries), Map.copyOf(pins));
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException | NullPointerException | JsonParseException
            | UnsupportedOperationException | BundleException e) {
            throw new IllegalArgumentException("model catalog " + source + ": " + e.getMessage(), e);
        }
    }

    private static CatalogEntry entry(String name, JsonObject json, Map<String, RemoteFile> vocabularies) {
        String where = "models." + name;
        RemoteFile archive = file(json.getAsJsonObject("archive"), where + ".archive");
        JsonElement vocabularyRef = json.get("vocabulary");
        RemoteFile vocabulary = vocabularyRef != null && vocabularyRef.isJsonObject()
            ? file(vocabularyRef.getAsJsonObject(), where + ".vocabulary")
            : vocabularies.get(vocabularyRef == null ? null : vocabularyRef.getAsString());
        if (vocabulary == null) {
            throw new IllegalArgumentException(where + ".vocabulary must name one of " + vocabularies.keySet() + " or be {url, sha256}");
        }
        JsonObject manifest = json.getAsJsonObject("manifest");
        if (manifest == null) {
            throw new IllegalArgumentException(where + ".manifest is required");
        }
        try {
            ArchiveBundleBuilder.validate(name, manifest);
        } catch (BundleException e) {
            throw new IllegalArgumentException(where + ".manifest: " + e.getMessage(), e);
        }
        JsonElement headWidth = json.get("head_width");
        return headWidth == null ? new CatalogEntry(name, archive, vocabulary, manifest)
            : new CatalogEntry(name, archive, vocabulary, manifest, headWidth.getAsInt());
    }

    private static HubPin pin(String repo, JsonObject json) {
        Map<String, String> files = new TreeMap<>();
        if (json.has("files")) {
            for (Map.Entry<String, JsonElement> f : json.getAsJsonObject("files").entrySet()) {
                files.put(f.getKey(), f.getValue().getAsString());
            }
        }
        return new HubPin(repo, json.has("revision") ? json.get("revision").getAsString() : null, files);
    }

    private static RemoteFile file(JsonObject json, String where) {
        if (json == null || !json.has("url") || !json.has("sha256")) {
            throw new IllegalArgumentException(where + " must be an object with url and sha256");
        }
        try {
            return new RemoteFile(json.get("url").getAsString(), json.get("sha256").getAsString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** This catalog with {@code overrides}' entries added, replacing entries of the same name. */
    public ModelCatalog with(ModelCatalog overrides) {
        Map<String, CatalogEntry> merged = new TreeMap<>(entries);
        merged.putAll(overrides.entries);
        Map<String, HubPin> pins = new TreeMap<>(hub);
        pins.putAll(overrides.hub);
        return new ModelCatalog(Map.copyOf(merged), Map.copyOf(pins));
    }

    /** The entry for a name, or an IllegalArgumentException that lists the known names. */
    public CatalogEntry entry(String name) {
        CatalogEntry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("[" + name + "] is not in the model catalog; known models: " + names());
        }
        return entry;
    }

    /** Whether the catalog has an entry of this name. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The catalog's pin of a Hugging Face Hub repository, or null when it has none. */
    public HubPin hubPin(String repo) {
        return hub.get(repo);
    }

    /** Every Hub repository the catalog pins, sorted. */
    public Set<String> hubRepos() {
        return new TreeSet<>(hub.keySet());
    }

    /** Every model name, sorted. */
    public Set<String> names() {
        return new TreeSet<>(entries.keySet());
    }
}
