// Chooses the search page's fields for an index the way a newcomer would: the vector field the pipeline fills
// from images, the image field that fills it, a label that names the picture.
import { looksLikeImage } from './imageSource.js';

const LABEL_NAMES = ['caption', 'name', 'title', 'label', 'description', 'file', 'filename'];

function firstSampleImageField(sample, prefix = '') {
  for (const [name, value] of Object.entries(sample || {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const item = Array.isArray(value) ? value[0] : value;
    if (looksLikeImage(item)) return path;
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const inner = firstSampleImageField(item, path);
      if (inner) return inner;
    }
  }
  return null;
}

/**
 * {vectorField, imageField, labelField, model} for an index; the model is the pipeline's, else the one the mapping
 * records for the vector field (a pipeline with the default model names none).
 * @param {{vectors: {name: string}[], keywords: string[], texts: string[], models?: object}} index fields from the mapping
 * @param {{source: string, target: string, type: string, model: string|null}[]} embedded the pipeline's field_map
 * @param {object|null} sample one document's _source, used when the pipeline is unknown
 */
export function chooseFields(index, embedded, sample) {
  const vectorNames = index.vectors.map((v) => v.name);
  const images = embedded.filter((e) => e.type === 'image' && vectorNames.includes(e.target));
  const texts = embedded.filter((e) => e.type === 'text');
  const vectorField = (images[0] && images[0].target) || vectorNames.find((n) => /image/i.test(n)) || vectorNames[0] || '';
  const imageField = (images[0] && images[0].source) || firstSampleImageField(sample) || '';
  const labelCandidates = [...texts.map((t) => t.source), ...index.texts, ...index.keywords];
  const labelField = LABEL_NAMES.map((n) => labelCandidates.find((c) => c === n)).find(Boolean)
    || labelCandidates[0] || '';
  const model = (images[0] && images[0].model) || (index.models && index.models[vectorField]) || null;
  return { vectorField, imageField, labelField, model };
}
