// Turns a document's image value into something safe to put in an <img src>, or says why it cannot.
// Only data:image/...;base64 URIs (checked to be base64) and http(s) URLs are ever used; plain base64 is
// recognised by its first bytes (JPEG, PNG, GIF, BMP, WebP) and given the matching media type.

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DATA_URI = /^data:(image\/[a-z0-9.+-]+);base64,(.*)$/is;

const SIGNATURES = [
  ['/9j/', 'image/jpeg'],
  ['iVBORw0KGgo', 'image/png'],
  ['R0lGOD', 'image/gif'],
  ['Qk', 'image/bmp'],
  ['UklGR', 'image/webp'],
];

/** The media type a plain base64 image starts with, or null when its first bytes are no known image. */
export function sniffMediaType(base64) {
  for (const [prefix, type] of SIGNATURES) {
    if (base64.startsWith(prefix)) return type;
  }
  return null;
}

function isBase64(text) {
  return text.length % 4 === 0 && BASE64.test(text);
}

function httpUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * {src} for a usable image value, {error} in words otherwise. An array gives its first item's source.
 * @param {unknown} value the field's value from _source
 */
export function imageSource(value) {
  if (Array.isArray(value)) {
    return value.length ? imageSource(value[0]) : { error: 'the image field is an empty list' };
  }
  if (value == null || value === '') return { error: 'the document has no image' };
  if (typeof value !== 'string') return { error: `the image field holds a ${typeof value}, not an image` };
  const text = value.trim();
  const dataUri = DATA_URI.exec(text);
  if (dataUri) {
    const payload = dataUri[2].replace(/\s+/g, '');
    return isBase64(payload)
      ? { src: `data:${dataUri[1].toLowerCase()};base64,${payload}` }
      : { error: 'the data URI is not valid base64' };
  }
  if (/^data:/i.test(text)) return { error: 'the data URI is not a base64 image' };
  const url = httpUrl(text);
  if (url && /^https?:\/\//i.test(text)) return { src: url };
  const compact = text.replace(/\s+/g, '');
  if (!isBase64(compact)) return { error: 'the image field is neither base64, a data URI nor an http(s) URL' };
  const type = sniffMediaType(compact);
  return type ? { src: `data:${type};base64,${compact}` } : { error: 'the base64 value is not a JPEG, PNG, GIF, BMP or WebP image' };
}

/** True when a string looks like an image value (used to find the image field in a sampled document). */
export function looksLikeImage(value) {
  if (typeof value !== 'string' || value.length < 16) return false;
  if (/^data:image\//i.test(value)) return true;
  if (/^https?:\/\/\S+\.(png|jpe?g|gif|bmp|webp)(\?\S*)?$/i.test(value)) return true;
  return value.length > 64 && sniffMediaType(value) !== null && isBase64(value.slice(0, 64));
}
