// The search state in the page's URL, so that a link shows the same search and Back goes to the last one.
// Uploaded and pasted images are too large for a URL and stay out; an image URL is kept.
import { DEFAULTS } from './query.js';

const SCALARS = {
  index: 'index',
  vectorField: 'field',
  imageField: 'imageField',
  labelField: 'labelField',
  model: 'model',
  text: 'query',
  negativeText: 'not',
  negativeWeight: 'notWeight',
  textWeight: 'textWeight',
  imageWeight: 'imageWeight',
  k: 'k',
  size: 'size',
  page: 'page',
  method: 'method',
  efSearch: 'ef_search',
  nprobes: 'nprobes',
  ivfModel: 'ivf_model',
  like: 'like',
  imageUrl: 'imageUrl',
};

const NUMBERS = new Set(['negativeWeight', 'textWeight', 'imageWeight', 'k', 'size', 'page', 'efSearch', 'nprobes']);

/** The state a query string describes; absent values stay absent. Filters are repeated `filter=field:value`. */
export function parseState(search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const [key, param] of Object.entries(SCALARS)) {
    const value = params.get(param);
    if (value != null && value !== '') state[key] = NUMBERS.has(key) ? Number(value) : value;
  }
  const filters = {};
  for (const entry of params.getAll('filter')) {
    const colon = entry.indexOf(':');
    if (colon <= 0) continue;
    const field = entry.slice(0, colon);
    (filters[field] = filters[field] || []).push(entry.slice(colon + 1));
  }
  state.filters = filters;
  if (state.imageUrl) state.image = state.imageUrl;
  return state;
}

/** The query string for a state, leaving out defaults and empty values. */
export function formatState(state) {
  const params = new URLSearchParams();
  for (const [key, param] of Object.entries(SCALARS)) {
    const value = state[key];
    if (value == null || value === '' || (key === 'page' && !value)) continue;
    if (DEFAULTS[key] !== undefined && Number(value) === DEFAULTS[key] && key !== 'method') continue;
    if (key === 'method' && value === DEFAULTS.method) continue;
    params.set(param, String(value));
  }
  for (const [field, values] of Object.entries(state.filters || {})) {
    for (const value of values) params.append('filter', `${field}:${value}`);
  }
  return params.toString();
}
