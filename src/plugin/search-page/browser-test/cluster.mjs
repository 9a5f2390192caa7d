// The node under test (started by SearchPageIT) and what the page should show, asked from its REST API directly.
export const BASE = process.env.CLIP_BASE_URL || 'http://127.0.0.1:9200';
export const INDEX = process.env.CLIP_INDEX || 'page';
export const SAMPLES = process.env.CLIP_SAMPLE_IMAGES;
export const SCREENSHOTS = process.env.CLIP_SCREENSHOTS || null;
/** An http URL of cat.jpg that the node may fetch (SearchPageIT serves it and opens the outbound policy to it). */
export const IMAGE_URL = process.env.CLIP_IMAGE_URL;

async function call(method, path, body) {
  const response = await fetch(`${BASE}${path}`, {
    method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export const search = (body, index = INDEX) => call('POST', `/${index}/_search`, body);

/** The ids of the clip query's hits for a text (with more clip options if given), as the page would ask for them. */
export async function idsFor(text, size, options = {}, field = 'image_vector') {
  const answer = await search({ size, _source: false, query: { clip: { [field]: { query_text: text, k: size + 1, ...options } } } });
  return answer.body.hits.hits.map((hit) => hit._id);
}

/** The words of a text that the default model does not know, as POST _plugins/_clip/_embed reports them. */
export async function unknownWords(text) {
  return (await call('POST', '/_plugins/_clip/_embed', { texts: [text] })).body.texts[0].unknown_words;
}

/** The name of the node's default model. */
export async function defaultModelName() {
  const nodes = Object.values((await call('GET', '/_plugins/_clip/models')).body.nodes);
  return nodes[0].models.find((model) => model.default).name;
}

export const pageUrl = (query = '') => `${BASE}/_plugins/_clip/search${query ? `?${query}` : ''}`;

/** A field of the given documents, by id. */
export async function fieldOf(ids, field) {
  const answer = await search({ size: ids.length, _source: [field], query: { ids: { values: ids } } });
  return Object.fromEntries(answer.body.hits.hits.map((hit) => [hit._id, hit._source[field]]));
}
