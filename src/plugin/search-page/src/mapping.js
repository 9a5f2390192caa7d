// Reads what the search page needs from GET /_mapping: which indices have knn_vector fields, and their other
// fields by type (keyword fields become facets, text and keyword fields label candidates).

function walk(properties, prefix, out) {
  for (const [name, field] of Object.entries(properties || {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (field.type === 'knn_vector') {
      out.vectors.push({ name: path, dimension: field.dimension });
    } else if (field.type === 'keyword' || field.type === 'constant_keyword') {
      out.keywords.push(path);
    } else if (field.type === 'text' || field.type === 'match_only_text') {
      out.texts.push(path);
      if (field.fields && field.fields.keyword && field.fields.keyword.type === 'keyword') out.keywords.push(`${path}.keyword`);
    } else if (field.type === 'binary' || (field.type === 'object' && field.enabled === false)) {
      out.opaque.push(path);
    } else if (field.properties) {
      walk(field.properties, path, out);
    }
  }
}

/**
 * The model that filled each vector field, as the plugin records it at the first ingest in the mapping's
 * `_meta.clip.fields.<field path>.model`; fields without a record are absent.
 */
function recordedModels(meta) {
  const fields = (meta && meta.clip && meta.clip.fields) || {};
  return Object.fromEntries(Object.entries(fields)
    .filter(([, record]) => record && typeof record.model === 'string')
    .map(([field, record]) => [field, record.model]));
}

/**
 * The fields of one index's mapping, grouped: vectors [{name, dimension}], keywords, texts, opaque (binary / not
 * indexed), and models {vector field: the model recorded for it}.
 */
export function fieldsOf(indexMapping) {
  const mappings = (indexMapping && indexMapping.mappings) || {};
  const out = { vectors: [], keywords: [], texts: [], opaque: [] };
  walk(mappings.properties, '', out);
  return { ...out, models: recordedModels(mappings._meta) };
}

/**
 * The indices that can be searched with clip: those with at least one knn_vector field, sorted by name, system
 * and hidden indices (starting with a dot) left out.
 * @param {object} mappings the body of GET /_mapping
 */
export function searchableIndices(mappings) {
  return Object.entries(mappings || {})
    .filter(([name]) => !name.startsWith('.'))
    .map(([name, mapping]) => ({ name, ...fieldsOf(mapping) }))
    .filter((index) => index.vectors.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Keyword fields worth showing as facets: the IVF list ids written next to vectors are left out. */
export function facetFields(index) {
  return index.keywords.filter((name) => !name.endsWith('_ivf_list'));
}
