// Builds the _search body the page sends: a clip query with the chosen inputs, method, weights and facet
// filters, terms aggregations for the facets, from/size for the page, and _source without vectors.

export const DEFAULTS = Object.freeze({
  k: 10,
  size: 20,
  method: 'hnsw',
  textWeight: 1,
  imageWeight: 1,
  negativeWeight: 0.5,
});

const FACET_SIZE = 10;

/** The facet selections as one filter query, or null when nothing is selected. */
export function facetFilter(filters) {
  const clauses = Object.entries(filters || {})
    .filter(([, values]) => values && values.length)
    .map(([field, values]) => (values.length === 1 ? { term: { [field]: values[0] } } : { terms: { [field]: values } }));
  return clauses.length ? { bool: { filter: clauses } } : null;
}

/** True when the state has something to search with. */
export function hasInput(state) {
  return Boolean((state.text && state.text.trim()) || state.image || state.like);
}

function methodOptions(state) {
  const options = {};
  if (state.method === 'exact') options.method = 'exact';
  if (state.method === 'ivf') {
    options.method = 'ivf';
    if (state.ivfModel) options.ivf_model = state.ivfModel;
    if (state.nprobes) options.method_parameters = { nprobes: Number(state.nprobes) };
  }
  if ((state.method || DEFAULTS.method) === 'hnsw' && state.efSearch) options.method_parameters = { ef_search: Number(state.efSearch) };
  return options;
}

/**
 * The clip query's options for the state. k is raised to cover the page asked for, plus one hit more so that
 * the page knows whether there is a next page.
 */
export function clipOptions(state) {
  const size = Number(state.size) || DEFAULTS.size;
  const from = (Number(state.page) || 0) * size;
  const k = Math.max(Number(state.k) || DEFAULTS.k, from + size + 1);
  const clip = { k, ...methodOptions(state) };
  const text = state.text ? state.text.trim() : '';
  if (state.like) {
    clip.query_document = { index: state.index, id: state.like, exclude: true };
  }
  if (text) clip.query_text = text;
  if (state.image) clip.query_image = state.image;
  if (text && (state.image || state.like)) {
    clip.text_weight = Number(state.textWeight ?? DEFAULTS.textWeight);
    clip.image_weight = Number(state.imageWeight ?? DEFAULTS.imageWeight);
  }
  if (state.negativeText && state.negativeText.trim()) {
    clip.negative_text = state.negativeText.trim();
    clip.negative_weight = Number(state.negativeWeight ?? DEFAULTS.negativeWeight);
  }
  if (state.model) clip.model = state.model;
  const filter = facetFilter(state.filters);
  if (filter) clip.filter = filter;
  return clip;
}

/**
 * The whole search body.
 * @param {object} state the page's search state
 * @param {string[]} facets keyword fields to count
 * @param {string[]} vectorFields vector fields to leave out of _source
 */
export function searchBody(state, facets = [], vectorFields = []) {
  const size = Number(state.size) || DEFAULTS.size;
  const body = {
    from: (Number(state.page) || 0) * size,
    size,
    track_total_hits: true,
    _source: { excludes: vectorFields },
    query: { clip: { [state.vectorField]: clipOptions(state) } },
  };
  if (facets.length) {
    body.aggs = Object.fromEntries(facets.map((field) => [field, { terms: { field, size: FACET_SIZE } }]));
  }
  return body;
}

/** Whether the answer to a page's search has a next page (the query asked for one hit more than the page). */
export function hasNextPage(state, total) {
  const size = Number(state.size) || DEFAULTS.size;
  return total > ((Number(state.page) || 0) + 1) * size;
}
