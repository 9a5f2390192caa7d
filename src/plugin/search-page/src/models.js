// The models API's answer as one line per model: name, dimension, device, state, and why a model failed.

/** [{name, version, dimension, device, state, error, nodes}] merged across nodes. */
export function modelSummaries(body) {
  const byName = new Map();
  for (const node of Object.values((body && body.nodes) || {})) {
    for (const model of node.models || []) {
      const key = `${model.name}@${model.version}`;
      const seen = byName.get(key);
      if (seen) {
        seen.nodes += 1;
        if (model.state !== 'loaded') Object.assign(seen, { state: model.state, error: model.error || seen.error });
      } else {
        byName.set(key, { name: model.name, version: model.version, dimension: model.dimension, device: model.device,
          state: model.state, error: model.error || null, isDefault: Boolean(model.default), nodes: 1 });
      }
    }
  }
  return [...byName.values()];
}

/** A short line for a model, e.g. "emoji-clip 128-d on cpu" or "openai/ViT-B-32: failed (sha256 mismatch)". */
export function describeModel(model) {
  if (model.state === 'failed') return `${model.name}: failed${model.error ? ` (${model.error})` : ''}`;
  if (model.state !== 'loaded') return `${model.name}: ${model.state}`;
  return `${model.name} ${model.dimension}-d on ${model.device}`;
}
