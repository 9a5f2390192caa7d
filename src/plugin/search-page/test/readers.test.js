import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchableIndices, facetFields } from '../src/mapping.js';
import { embeddingFields, defaultPipeline } from '../src/pipelines.js';
import { chooseFields } from '../src/fieldChoice.js';
import { describeError } from '../src/errors.js';
import { modelSummaries, describeModel } from '../src/models.js';
import { fieldRows, shorten } from '../src/docFields.js';

const MAPPINGS = {
  '.clip-ivf-models': { mappings: { properties: { v: { type: 'knn_vector', dimension: 4 } } } },
  logs: { mappings: { properties: { message: { type: 'text' } } } },
  'clip-demo': { mappings: { properties: {
    file: { type: 'keyword' }, caption: { type: 'text' }, image: { type: 'object', enabled: false },
    image_vector: { type: 'knn_vector', dimension: 128 }, image_vector_ivf_list: { type: 'keyword' },
  } } },
};

test('only indices with a knn_vector field are offered, system indices left out', () => {
  const indices = searchableIndices(MAPPINGS);
  assert.deepEqual(indices.map((i) => i.name), ['clip-demo']);
  assert.deepEqual(indices[0].vectors, [{ name: 'image_vector', dimension: 128 }]);
  assert.deepEqual(facetFields(indices[0]), ['file'], 'IVF list ids are no facet');
});

const PIPELINE = { processors: [{ clip_embedding: { model: 'emoji-clip', field_map: {
  image: 'image_vector', caption: { target: 'caption_vector', type: 'text' } } } }] };

test('the pipeline says which field holds the images, the captions and the model', () => {
  assert.deepEqual(embeddingFields(PIPELINE), [
    { source: 'image', target: 'image_vector', type: 'image', model: 'emoji-clip' },
    { source: 'caption', target: 'caption_vector', type: 'text', model: 'emoji-clip' },
  ]);
  assert.equal(defaultPipeline({ 'clip-demo': { settings: { index: { default_pipeline: 'p' } } } }, 'clip-demo'), 'p');
});

test('fields are chosen from the pipeline, else from a sampled document', () => {
  const index = searchableIndices(MAPPINGS)[0];
  assert.deepEqual(chooseFields(index, embeddingFields(PIPELINE), null),
    { vectorField: 'image_vector', imageField: 'image', labelField: 'caption', model: 'emoji-clip' });
  const sampled = chooseFields(index, [], { file: 'a.png', picture: 'data:image/png;base64,iVBORw0KGgo=' });
  assert.equal(sampled.imageField, 'picture');
  assert.equal(sampled.labelField, 'caption');
});

test('with a pipeline that names no model (the default), the model is the one the mapping records for the field', () => {
  const recorded = { ...MAPPINGS['clip-demo'].mappings, _meta: { owner: 'someone', clip: { fields: {
    image_vector: { model: 'default-clip', version: '2', files: { 'model.pt': 'ab12' } },
    caption_vector: { version: '1' },
  } } } };
  const index = searchableIndices({ 'clip-demo': { mappings: recorded } })[0];
  assert.deepEqual(index.models, { image_vector: 'default-clip' }, 'a record without a model names none');
  const defaultModelPipeline = { processors: [{ clip_embedding: { field_map: { image: 'image_vector' } } }] };
  assert.equal(chooseFields(index, embeddingFields(defaultModelPipeline), null).model, 'default-clip');
  assert.equal(chooseFields(index, embeddingFields(PIPELINE), null).model, 'emoji-clip', 'a model the pipeline names comes first');
  assert.equal(chooseFields(searchableIndices(MAPPINGS)[0], embeddingFields(defaultModelPipeline), null).model, null,
    'nothing recorded yet (no document ingested): no model');
});

test('errors are the root cause in words', () => {
  assert.equal(describeError(404, { error: { root_cause: [{ type: 'index_not_found_exception', reason: 'no such index [images]' }] } }),
    'no such index [images]');
  assert.equal(describeError(400, { error: { reason: '[clip] field [caption] is not a knn_vector field' } }),
    'field [caption] is not a knn_vector field');
  assert.equal(describeError(502, null), 'the cluster answered HTTP 502');
});

test('a failed model says why', () => {
  const models = modelSummaries({ nodes: { a: { models: [{ name: 'openai/ViT-B-32', version: '1', state: 'failed', error: 'sha256 mismatch' }] } } });
  assert.equal(describeModel(models[0]), 'openai/ViT-B-32: failed (sha256 mismatch)');
});

test('the flyout shows keyword lists as badges, shortens base64 and summarises vectors', () => {
  const rows = fieldRows({ tags: ['cat', 'animal'], image: 'A'.repeat(5000), v: Array(128).fill(0.1), meta: { size: 3 } });
  assert.deepEqual(rows[0], { name: 'tags', kind: 'badges', value: ['cat', 'animal'] });
  assert.match(rows[1].value, /… \(5,000 characters\)$/);
  assert.equal(rows[2].value, '[128 numbers]');
  assert.deepEqual(rows[3], { name: 'meta.size', kind: 'text', value: '3' });
  assert.equal(shorten('short'), 'short');
});
