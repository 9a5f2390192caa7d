package org.opensearch.clip.encoder.catalog;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped catalog of OpenAI's releases, operator catalogs on top of it, mirrors, and what a bad catalog says. */
class ModelCatalogTest {
    private static final String CUSTOM = """
        {"format_version": 1,
         "models": {
           "acme/clip-small": {
             "archive": {"url": "https://models.acme.test/clip-small.pt", "sha256": "%s"},
             "vocabulary": {"url": "https://models.acme.test/vocab.txt.gz", "sha256": "%s"},
             "manifest": {"embedding_dim": 256, "image": {"size": 160, "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]},
                          "text": {"context_length": 77}}}}}
        """.formatted("a".repeat(64), "b".repeat(64));

    @Test
    void shipsOpenAisReleasesWithTheirPublishedValues() {
        ModelCatalog catalog = ModelCatalog.builtIn();
        assertEquals(Set.of("openai/RN50", "openai/ViT-B-16", "openai/ViT-B-32", "openai/ViT-L-14"), catalog.names());
        CatalogEntry vitB32 = catalog.entry("openai/ViT-B-32");
        assertEquals("https://openaipublic.azureedge.net/clip/models/40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af/ViT-B-32.pt",
            vitB32.archive().url());
        assertEquals(512, vitB32.manifest().get("embedding_dim").getAsInt());
        assertEquals(768, catalog.entry("openai/ViT-L-14").manifest().get("embedding_dim").getAsInt());
        assertEquals(1024, catalog.entry("openai/RN50").manifest().get("embedding_dim").getAsInt());
        for (String name : catalog.names()) {
            CatalogEntry entry = catalog.entry(name);
            // OpenAI's download URLs carry the file's sha256 as their second-to-last path segment
            String[] path = entry.archive().url().split("/");
            assertEquals(path[path.length - 2], entry.archive().sha256(), name);
            assertEquals(224, entry.manifest().getAsJsonObject("image").get("size").getAsInt(), name);
            assertEquals("924691ac288e54409236115652ad4aa250f48203de50a9e4722a6ecd48d6804a", entry.vocabulary().sha256(), name);
        }
    }

    @Test
    void anOperatorCatalogAddsAndReplacesEntries() {
        ModelCatalog merged = ModelCatalog.builtIn().with(ModelCatalog.parse(CUSTOM, "catalog.json"));
        assertTrue(merged.contains("acme/clip-small"));
        assertTrue(merged.contains("openai/ViT-B-32"));
        assertEquals(160, merged.entry("acme/clip-small").manifest().getAsJsonObject("image").get("size").getAsInt());
    }

    @Test
    void anEntryTakesOpenAisHeadWidthUnlessItGivesItsOwn() {
        assertEquals(64, ModelCatalog.builtIn().entry("openai/ViT-B-32").headWidth());
        assertEquals(64, ModelCatalog.parse(CUSTOM, "catalog.json").entry("acme/clip-small").headWidth());
        String narrow = CUSTOM.replace("\"manifest\":", "\"head_width\": 16, \"manifest\":");
        CatalogEntry entry = ModelCatalog.parse(narrow, "catalog.json").entry("acme/clip-small");
        assertEquals(16, entry.headWidth());
        assertEquals(16, entry.rebased("http://127.0.0.1:8080/mirror/").headWidth(), "a mirror keeps it");
        assertRefused(CUSTOM.replace("\"manifest\":", "\"head_width\": 0, \"manifest\":"),
            "models.acme/clip-small.head_width must be a positive integer, got 0");
    }

    @Test
    void aMirrorKeepsPathsAndChecksums() {
        CatalogEntry entry = ModelCatalog.builtIn().entry("openai/ViT-B-32").rebased("http://127.0.0.1:8080/mirror/");
        assertEquals("http://127.0.0.1:8080/mirror/clip/models/40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af/ViT-B-32.pt",
            entry.archive().url());
        assertEquals("http://127.0.0.1:8080/mirror/openai/CLIP/d05afc436d78f1c48dc0dbf8e5980a9d471f35f6/clip/bpe_simple_vocab_16e6.txt.gz",
            entry.vocabulary().url());
        assertEquals("40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af", entry.archive().sha256());
        assertEquals(entry, entry.rebased(""));
    }

    @Test
    void pinsHubRepositoriesToCommitsAndAnOperatorCatalogAddsChecksums() {
        ModelCatalog shipped = ModelCatalog.builtIn();
        assertEquals(java.util.Set.of("openai/clip-vit-base-patch32", "openai/clip-vit-base-patch16", "openai/clip-vit-large-patch14",
            "openai/clip-vit-large-patch14-336", "laion/CLIP-ViT-B-32-laion2B-s34B-b79K"), shipped.hubRepos());
        HubPin b32 = shipped.hubPin("openai/clip-vit-base-patch32");
        assertEquals("3d74acf9a28c67741b2f4f2ea7635f0aaf6f0268", b32.revision());
        assertEquals(java.util.Map.of(), b32.files(), "the shipped catalog knows no checksums");
        ModelCatalog operator = shipped.with(ModelCatalog.parse("""
            {"format_version": 1, "models": {}, "hub": {"openai/clip-vit-base-patch32": {
              "revision": "3d74acf9a28c67741b2f4f2ea7635f0aaf6f0268", "files": {"config.json": "%s"}}}}""".formatted("a".repeat(64)),
            "catalog.json"));
        assertEquals(java.util.Map.of("config.json", "a".repeat(64)), operator.hubPin("openai/clip-vit-base-patch32").files());
        assertRefused("""
            {"models": {}, "hub": {"a/b": {"revision": "main"}}}""", "hub.a/b.revision must be a commit");
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelCatalog.builtIn().entry("openai/ViT-B-99"));
        assertEquals("[openai/ViT-B-99] is not in the model catalog; known models: [openai/RN50, openai/ViT-B-16, openai/ViT-B-32, "
            + "openai/ViT-L-14]", e.getMessage());
    }

    @Test
    void badCatalogsAreRefusedNamingTheEntry() {
        assertRefused(CUSTOM.replace("a".repeat(64), "abc"), "models.acme/clip-small.archive: sha256 [abc] must be 64 hex characters");
        assertRefused(CUSTOM.replace("https://models.acme.test/clip-small.pt", "ftp://x/y.pt"),
            "models.acme/clip-small.archive: url [ftp://x/y.pt] must be http or https");
        assertRefused(CUSTOM.replace("\"embedding_dim\": 256", "\"embedding_dim\": -1"),
            "models.acme/clip-small.manifest: clip-model.json: [embedding_dim] is required and must be a positive integer");
        assertRefused(CUSTOM.replace("\"vocabulary\": {\"url\": \"https://models.acme.test/vocab.txt.gz\", \"sha256\": \""
            + "b".repeat(64) + "\"}", "\"vocabulary\": \"missing\""), "models.acme/clip-small.vocabulary must name one of [] or be {url, sha256}");
        assertRefused("{\"format_version\": 2, \"models\": {}}", "format_version must be 1");
        assertRefused("not json", "");
    }

    private static void assertRefused(String json, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelCatalog.parse(json, "catalog.json"));
        assertTrue(e.getMessage().startsWith("model catalog catalog.json: " + message), e.getMessage());
    }
}
