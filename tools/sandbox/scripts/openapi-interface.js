/**
 * What the vendor scripts keep of an OpenAPI description: its interface data (names, types, constraints), with
 * prose stripped (description, summary, title, example(s), default messages, tags, x- extensions).
 */
const PROSE = new Set(['description', 'summary', 'title', 'example', 'examples', 'default', 'tags', 'externalDocs']);

/** Drops prose keys; keys inside `properties` are property names (a property may be called `description`). */
function strip(node, inProperties = false) {
  if (Array.isArray(node)) return node.map((x) => strip(x));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (!inProperties && (PROSE.has(k) || k.startsWith('x-'))) continue;
    out[k] = strip(v, !inProperties && (k === 'properties' || k === 'patternProperties'));
  }
  return out;
}

/** The JSON schema of a request or response `content` map. */
function jsonSchemaOf(content) {
  return content?.['application/json']?.schema;
}

module.exports = { strip, jsonSchemaOf };
