// A document's fields as the detail flyout shows them: lists of short strings (keywords, zero-shot tags) as
// badges, long values (base64 images) shortened, vectors summarised.

const LONG = 120;

/** A string shortened to its start with the number of characters left out. */
export function shorten(text, max = LONG) {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 40))}… (${text.length.toLocaleString('en')} characters)`;
}

function isBadgeList(value) {
  return Array.isArray(value) && value.length > 0
    && value.every((item) => (typeof item === 'string' && item.length <= 60) || typeof item === 'number' || typeof item === 'boolean');
}

function isVector(value) {
  return Array.isArray(value) && value.length > 8 && value.every((item) => typeof item === 'number');
}

function labelOf(item) {
  if (item && typeof item === 'object') {
    const name = item.label ?? item.name ?? item.tag;
    const score = item.score ?? item.probability;
    if (name != null) return score != null ? `${name} ${Number(score).toFixed(2)}` : String(name);
  }
  return null;
}

function row(name, value) {
  if (isVector(value)) return { name, kind: 'text', value: `[${value.length} numbers]` };
  if (isBadgeList(value)) return { name, kind: 'badges', value: value.map(String) };
  if (Array.isArray(value) && value.length && value.every((item) => labelOf(item) !== null)) {
    return { name, kind: 'badges', value: value.map(labelOf) };
  }
  if (typeof value === 'string') return { name, kind: 'text', value: shorten(value) };
  return { name, kind: 'text', value: shorten(JSON.stringify(value)) };
}

/**
 * The rows for a document's _source: nested objects flattened to dotted names, in the source's order.
 * @returns {{name: string, kind: 'text'|'badges', value: string|string[]}[]}
 */
export function fieldRows(source, prefix = '') {
  const rows = [];
  for (const [key, value] of Object.entries(source || {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) rows.push(...fieldRows(value, name));
    else rows.push(row(name, value));
  }
  return rows;
}

/** The value at a dotted path of a source. */
export function valueAt(source, path) {
  if (!path) return undefined;
  return path.split('.').reduce((value, key) => (value == null ? value : value[key]), source);
}
