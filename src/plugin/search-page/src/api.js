// The page's requests to its own node (same origin only): JSON in, JSON out, errors as RequestError in words.
import { RequestError } from './errors.js';

async function request(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new RequestError(0, null);
  }
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  if (!response.ok) throw new RequestError(response.status, json);
  return json;
}

const enc = encodeURIComponent;

export const api = {
  mappings: () => request('GET', '/_mapping'),
  settings: (index) => request('GET', `/${enc(index)}/_settings`),
  pipeline: (id) => request('GET', `/_ingest/pipeline/${enc(id)}`),
  sample: (index) => request('POST', `/${enc(index)}/_search`, { size: 1, query: { match_all: {} } }),
  models: () => request('GET', '/_plugins/_clip/models'),
  search: (index, body) => request('POST', `/${enc(index)}/_search`, body),
  document: (index, id) => request('GET', `/${enc(index)}/_doc/${enc(id)}`),
  embed: (texts) => request('POST', '/_plugins/_clip/_embed', { texts }),
};
