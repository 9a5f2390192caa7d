import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipOptions, searchBody, facetFilter, hasNextPage } from '../src/query.js';

const base = { index: 'images', vectorField: 'image_vector', text: 'a cat', filters: {} };

test('a text search asks for k neighbours, one more than the page so that the next page is known', () => {
  assert.deepEqual(clipOptions({ ...base, k: 50 }), { k: 50, query_text: 'a cat' });
  assert.equal(clipOptions({ ...base, k: 5, size: 20 }).k, 21);
});

test('later pages raise k to cover them and set from', () => {
  const body = searchBody({ ...base, k: 10, size: 20, page: 2 });
  assert.equal(body.from, 40);
  assert.equal(body.size, 20);
  assert.equal(body.query.clip.image_vector.k, 61);
  assert.ok(hasNextPage({ size: 20, page: 2 }, 61));
  assert.ok(!hasNextPage({ size: 20, page: 2 }, 55));
});

test('text and image together carry their weights', () => {
  const clip = clipOptions({ ...base, image: 'data:image/png;base64,AAAA', textWeight: 0.3, imageWeight: 0.7 });
  assert.equal(clip.query_image, 'data:image/png;base64,AAAA');
  assert.equal(clip.text_weight, 0.3);
  assert.equal(clip.image_weight, 0.7);
});

test('the methods map onto the clip query options', () => {
  assert.deepEqual(clipOptions({ ...base, method: 'exact' }).method, 'exact');
  assert.deepEqual(clipOptions({ ...base, efSearch: 100 }).method_parameters, { ef_search: 100 });
  const ivf = clipOptions({ ...base, method: 'ivf', ivfModel: 'images', nprobes: 2 });
  assert.equal(ivf.method, 'ivf');
  assert.equal(ivf.ivf_model, 'images');
  assert.deepEqual(ivf.method_parameters, { nprobes: 2 });
});

test('facet selections become the clip query filter: OR within a field, AND across fields', () => {
  assert.equal(facetFilter({}), null);
  assert.deepEqual(facetFilter({ format: ['png'], tags: ['a', 'b'] }),
    { bool: { filter: [{ term: { format: 'png' } }, { terms: { tags: ['a', 'b'] } }] } });
  assert.deepEqual(clipOptions({ ...base, filters: { format: ['png'] } }).filter, { bool: { filter: [{ term: { format: 'png' } }] } });
});

test('more like this is a query_document of the hit that leaves the hit out', () => {
  const clip = clipOptions({ ...base, text: '', like: 'cat-1' });
  assert.deepEqual(clip.query_document, { index: 'images', id: 'cat-1', exclude: true });
  assert.equal(clip.query_text, undefined);
});

test('a negative text goes with its weight', () => {
  const clip = clipOptions({ ...base, negativeText: 'a dog' });
  assert.equal(clip.negative_text, 'a dog');
  assert.equal(clip.negative_weight, 0.5);
});

test('the body counts the facets, and leaves vectors out of _source', () => {
  const body = searchBody(base, ['format'], ['image_vector', 'caption_vector']);
  assert.deepEqual(body.aggs, { format: { terms: { field: 'format', size: 10 } } });
  assert.deepEqual(body._source, { excludes: ['image_vector', 'caption_vector'] });
});
