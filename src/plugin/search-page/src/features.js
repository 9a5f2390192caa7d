// Which optional server features answer on this node: negative_text and query_document in the clip query, and
// POST _plugins/_clip/_embed. A control is shown only when the server accepted a small probe request for it
// (a 400 or 404 means the node does not support it yet).
import { api } from './api.js';

async function accepted(probe) {
  try {
    await probe();
    return true;
  } catch (e) {
    return !(e.status === 400 || e.status === 404 || e.status === 405 || e.status === 0);
  }
}

/**
 * @param {string} index the index being searched
 * @param {string} vectorField its vector field
 * @param {string|null} sampleId a document id of the index, for the query_document probe
 */
export async function probeFeatures(index, vectorField, sampleId) {
  const clip = (options) => ({ size: 0, query: { clip: { [vectorField]: { k: 1, ...options } } } });
  const [negativeText, queryDocument, embed] = await Promise.all([
    accepted(() => api.search(index, clip({ query_text: 'a', negative_text: 'b', negative_weight: 0.5 }))),
    sampleId ? accepted(() => api.search(index, clip({ query_document: { index, id: sampleId, exclude: true } }))) : false,
    accepted(() => api.embed(['a'])),
  ]);
  return { negativeText, queryDocument, embed };
}
