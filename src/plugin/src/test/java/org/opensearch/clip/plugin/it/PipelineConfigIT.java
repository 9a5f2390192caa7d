package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.ClipIndexes;
import org.opensearch.clip.plugin.testcluster.RestResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating a pipeline with the {@code clip_embedding} processor: a wrong configuration is a precise 400. */
class PipelineConfigIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    private static RestResponse putPipeline(String processorConfig) {
        return cluster.client().put("/_ingest/pipeline/bad", "{\"processors\": [{\"clip_embedding\": " + processorConfig + "}]}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown top-level option     | {"field_map": {"image": "v"}, "colour": true}             | doesn't support one or more provided configuration parameters [colour]
        unknown option in an entry   | {"field_map": {"image": {"target": "v", "kind": "x"}}}    | [field_map.image] unknown option [kind]; an entry takes [target] and [type]
        missing field_map            | {"ignore_missing": true}                                  | [field_map] required property is missing
        empty field_map              | {"field_map": {}}                                         | [field_map] must map at least one source field to a vector field
        field_map not an object      | {"field_map": "image"}                                    | [field_map] property isn't a map
        unknown input type           | {"field_map": {"image": {"target": "v", "type": "video"}}} | [field_map.image.type] type [video] must be one of [image, text]
        entry without target         | {"field_map": {"image": {"type": "text"}}}                | [field_map.image.target] required
        target of a wrong type       | {"field_map": {"image": 5}}                               | [field_map.image] must be a vector field name
        one target for two sources   | {"field_map": {"a": "v", "b": "v"}}                       | target field [v] is used by more than one source field
        ignore_missing not a boolean | {"field_map": {"image": "v"}, "ignore_missing": "maybe"}  | [ignore_missing] property isn't a boolean
        unknown model                | {"field_map": {"image": "v"}, "model": "no-such-model"}   | [model] unknown model [no-such-model]; models on this node: [
        """)
    void aWrongConfigurationIsRefusedWithAPreciseMessage(String what, String config, String message) {
        RestResponse response = putPipeline(config);

        assertEquals(400, response.status(), response.toString());
        assertEquals("clip_embedding", response.string("error.processor_type"), response.toString());
        String reason = response.string("error.reason");
        assertTrue(reason.contains(message), "reason [" + reason + "] should contain [" + message + "]");
        assertEquals(404, cluster.client().get("/_ingest/pipeline/bad").status(), "no pipeline was stored");
    }

    @Test
    void theUnknownModelMessageListsTheModelsThatExist() {
        String defaultModel = (String) ClipIndexes.defaultModel(cluster.client()).get("name");

        RestResponse response = putPipeline("{\"field_map\": {\"image\": \"v\"}, \"model\": \"no-such-model\"}");

        assertEquals(400, response.status(), response.toString());
        assertTrue(response.string("error.reason").contains(defaultModel), response.toString());
    }

    @Test
    void aCorrectConfigurationIsStoredAsGiven() {
        String defaultModel = (String) ClipIndexes.defaultModel(cluster.client()).get("name");
        String config = """
            {"processors": [{"clip_embedding": {
              "field_map": {"photo": "photo_vector", "title": {"target": "title_vector", "type": "text"}},
              "model": "%s", "ignore_missing": true, "ignore_failure": true, "tag": "embed"
            }}]}""".formatted(defaultModel);

        cluster.client().put("/_ingest/pipeline/good", config).assertOk();
        RestResponse stored = cluster.client().get("/_ingest/pipeline/good").assertOk();

        assertEquals("photo_vector", stored.string("good.processors.0.clip_embedding.field_map.photo"));
        assertEquals("text", stored.string("good.processors.0.clip_embedding.field_map.title.type"));
        assertEquals(defaultModel, stored.string("good.processors.0.clip_embedding.model"));
    }
}
