// Reads the clip_embedding processors of an index's default pipeline: which source field fills which vector
// field, whether it is an image or a text, and with which model.

function entriesOf(processor) {
  const config = processor && processor.clip_embedding;
  if (!config || typeof config.field_map !== 'object') return [];
  return Object.entries(config.field_map).map(([source, target]) => {
    const object = target && typeof target === 'object';
    return {
      source,
      target: object ? target.target : target,
      type: object && target.type ? target.type : 'image',
      model: config.model || null,
    };
  });
}

/**
 * The field_map entries of every clip_embedding processor of a pipeline (also inside on_failure handlers).
 * @param {object} pipeline one pipeline's body from GET _ingest/pipeline/{id}
 * @returns {{source: string, target: string, type: string, model: string|null}[]}
 */
export function embeddingFields(pipeline) {
  const found = [];
  const visit = (processors) => {
    for (const processor of processors || []) {
      found.push(...entriesOf(processor));
      for (const inner of Object.values(processor)) {
        if (inner && Array.isArray(inner.on_failure)) visit(inner.on_failure);
      }
    }
  };
  visit(pipeline && pipeline.processors);
  return found;
}

/** The index's default_pipeline from GET /{index}/_settings, or null. */
export function defaultPipeline(settings, index) {
  const indexSettings = settings && settings[index] && settings[index].settings && settings[index].settings.index;
  return (indexSettings && indexSettings.default_pipeline) || null;
}
