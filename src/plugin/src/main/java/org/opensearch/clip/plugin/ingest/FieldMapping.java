package org.opensearch.clip.plugin.ingest;

/** One {@code field_map} entry: the source field, the vector field it is embedded into, and what it holds. */
public record FieldMapping(String source, String target, InputType type) {}
