import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageSource, looksLikeImage } from '../src/imageSource.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

test('plain base64 gets the media type its first bytes say', () => {
  assert.deepEqual(imageSource(PNG), { src: `data:image/png;base64,${PNG}` });
  assert.match(imageSource('/9j/4AAQSkZJRgABAQAAAQABAAA=').src, /^data:image\/jpeg;base64,/);
});

test('a data URI is used when its payload is base64', () => {
  assert.deepEqual(imageSource(`data:image/png;base64,${PNG}`), { src: `data:image/png;base64,${PNG}` });
  assert.match(imageSource('data:image/png;base64,not base64!').error, /not valid base64/);
});

test('only http and https URLs are used', () => {
  assert.deepEqual(imageSource('https://example.org/cat.jpg'), { src: 'https://example.org/cat.jpg' });
  assert.match(imageSource('javascript:alert(1)').error, /neither base64/);
  assert.match(imageSource('data:text/html;base64,PGI+').error, /not a base64 image/);
  assert.match(imageSource('file:///etc/passwd').error, /neither base64/);
});

test('a broken value says what is wrong instead of throwing', () => {
  assert.match(imageSource('not base64!!').error, /neither base64, a data URI nor an http\(s\) URL/);
  assert.match(imageSource('bm90IGFuIGltYWdl').error, /not a JPEG, PNG, GIF, BMP or WebP/);
  assert.match(imageSource(42).error, /holds a number/);
  assert.match(imageSource(null).error, /no image/);
});

test('an array shows its first image', () => {
  assert.equal(imageSource([PNG, 'x']).src, `data:image/png;base64,${PNG}`);
});

test('a sampled value is recognised as an image by its content', () => {
  assert.ok(looksLikeImage(`data:image/png;base64,${PNG}`));
  assert.ok(looksLikeImage(PNG + PNG.slice(0, 8)));
  assert.ok(looksLikeImage('https://example.org/pictures/cat.webp'));
  assert.ok(!looksLikeImage('a photo of a tabby cat'));
});
