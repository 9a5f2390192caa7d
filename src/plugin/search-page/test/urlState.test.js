import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseState, formatState } from '../src/urlState.js';

test('a link written by the page reads back as the same search', () => {
  const state = { index: 'clip-demo-emoji', vectorField: 'image_vector', text: 'red heart', k: 40, page: 2,
    method: 'ivf', ivfModel: 'emoji', nprobes: 4, filters: { tags: ['love', 'red'] } };
  assert.deepEqual(parseState(formatState(state)), state);
});

test('defaults stay out of the link', () => {
  assert.equal(formatState({ index: 'images', text: 'cat', k: 10, size: 20, page: 0, method: 'hnsw', filters: {} }), 'index=images&query=cat');
});

test('the old link parameters still work', () => {
  const state = parseState('?index=images&field=image_vector&labelField=name&query=a+cat');
  assert.equal(state.vectorField, 'image_vector');
  assert.equal(state.labelField, 'name');
  assert.equal(state.text, 'a cat');
});

test('an image URL is a query image that survives the link; uploaded images do not go into it', () => {
  assert.equal(parseState('imageUrl=https%3A%2F%2Fexample.org%2Fa.png').image, 'https://example.org/a.png');
  assert.equal(formatState({ image: 'data:image/png;base64,AAAA', filters: {} }), '');
});
