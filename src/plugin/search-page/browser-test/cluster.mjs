// The node under test (started by SearchPageIT) and what the page should show, asked from its REST API directly.
export const BASE = process.env.CLIP_BASE_URL || 'http://127.0.0.1:9200';
export const INDEX = process.env.CLIP_INDEX || 'page';
export const SAMPLES = process.env.CLIP_SAMPLE_IMAGES;
export const SCREENSHOTS = process.env.CLIP_SCREENSHOTS || null;

export async function search(body, index = INDEX) {
  const response = await fetch(`${BASE}/${index}/_search`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** The ids of the clip query's hits for a text, as the page would ask for them. */
export async function idsFor(text, size, field = 'image_vector') {
  const answer = await search({ size, _source: false, query: { clip: { [field]: { query_text: text, k: size + 1 } } } });
  return answer.body.hits.hits.map((hit) => hit._id);
}

export const pageUrl = (query = '') => `${BASE}/_plugins/_clip/search${query ? `?${query}` : ''}`;

/** A field of the given documents, by id. */
export async function fieldOf(ids, field) {
  const answer = await search({ size: ids.length, _source: [field], query: { ids: { values: ids } } });
  return Object.fromEntries(answer.body.hits.hits.map((hit) => [hit._id, hit._source[field]]));
}
